import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePermission } from "../access/require-permission.js";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, staff, type World, world } from "../testing/fixtures.js";
import { authenticateApiToken } from "./authenticate-api-token.js";
import { createApiToken } from "./create-api-token.js";
import { listApiTokens } from "./list-api-tokens.js";
import { revokeApiToken } from "./revoke-api-token.js";

describe.each(backends)("API tokens on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
  });
  afterAll(() => w.db.close());

  const authenticate = (secret: string) => authenticateApiToken(w, secret, { address: "192.0.2.10" });

  it("shows the secret once, keeps only its hash and lists a hint", async () => {
    const issued = await createApiToken(w.as(org.people.admin), {
      name: "Open311: мобильное приложение",
      scopes: ["open311:write", "open311:write"],
    });
    expect(issued.secret).toMatch(/^otk_[A-Za-z0-9_-]{43}$/);
    expect(issued.token.scopes).toEqual(["open311:write"]);
    const listed = await listApiTokens(w.as(org.people.admin), { limit: 10 });
    expect(JSON.stringify(listed)).not.toContain(issued.secret);
    expect(listed.items.find((token) => token.id === issued.token.id)?.hint).toBe(
      `${issued.secret.slice(0, 8)}…`,
    );
    const stored = await w.db.query<{ secret_hash: string }>(
      "SELECT secret_hash FROM identity_api_tokens WHERE id = $1",
      [issued.token.id],
    );
    expect(stored[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets only an administrator issue, list and revoke tokens", async () => {
    for (const role of ["editor", "operator", "executor", "head", "analyst"] as const) {
      expect(await errorCode(createApiToken(w.as(org.people[role]), { name: "x", scopes: ["read"] }))).toBe(
        "forbidden",
      );
      expect(await errorCode(listApiTokens(w.as(org.people[role]), { limit: 10 }))).toBe("forbidden");
    }
  });

  it("acts within its scopes and records when it was last used", async () => {
    const issued = await createApiToken(w.as(org.people.admin), {
      name: "Городская система",
      scopes: ["read"],
    });
    const found = await authenticate(issued.secret);
    expect(found?.actor).toMatchObject({ kind: "token", tokenId: issued.token.id, scopes: ["read"] });
    expect(requirePermission(found!.actor, "department:read")).toEqual({ reach: "all" });
    expect(found?.token.lastUsedAt).toBe(w.clock.now().toISOString());
    expect(await authenticate("otk_not-a-token-at-all")).toBeUndefined();
  });

  it("stops working at once when revoked", async () => {
    const issued = await createApiToken(w.as(org.people.admin), { name: "VK", scopes: ["read"] });
    expect(await authenticate(issued.secret)).toBeDefined();
    const revoked = await revokeApiToken(w.as(org.people.admin), issued.token.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticate(issued.secret)).toBeUndefined();
    expect(await errorCode(revokeApiToken(w.as(org.people.admin), "tok_missing"))).toBe("not_found");
  });
});
