// The README's demo accounts, seeded the way the start seeds them (runSeeds with the modules' demo seeds).
import { systemClock } from "@otklik/core";
import { runSeeds } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { DEMO_PASSWORD, DEMO_USERS } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeeds, migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { call, signInOverHttp } from "./support/staff-client.js";

describe.each(testBackends())("demo accounts on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  beforeAll(async () => {
    api = await createTestApi({ db: await createTestDatabase({ backend, migrations: migrationSets }) });
    const first = await runSeeds(api.db, demoSeeds, { clock: systemClock });
    const second = await runSeeds(api.db, demoSeeds, { clock: systemClock });
    expect(first.ran).toContain("identity.abakan-demo");
    expect(second.skipped).toContain("identity.abakan-demo");
  });
  afterAll(() => api.db.close());

  it("signs in every account of the README with otklik-demo, each with its role", async () => {
    for (const person of DEMO_USERS) {
      const { response } = await signInOverHttp(api.app, person.email, DEMO_PASSWORD);
      expect(response.status, person.email).toBe(200);
      expect(await response.json()).toMatchObject({ user: { roles: [person.role] } });
    }
  });

  it("accepts the Open311 demo key", async () => {
    const response = await call(api.app, "GET", "/api/v1/auth/me", {
      as: { kind: "integration", token: "open311-demo-key" },
    });
    expect(await response.json()).toMatchObject({ kind: "token", token: { scopes: ["open311:write"] } });
  });

  it("refuses the demo password in production", async () => {
    const production = await createTestApi({ db: api.db, identity: { refuseDemoPassword: true } });
    const { response } = await signInOverHttp(production.app, "admin@demo.otklik.ru", DEMO_PASSWORD);
    expect(response.status).toBe(401);
  });
});
