// Hostile input to every operation of the OpenAPI document: never a 5xx, and a refused request
// changes nothing stored. The figures (requests sent, answers by status class) are printed for RELIABILITY.md.
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { deep, fingerprintQuery, hostileScalar, hostileString } from "./support/hostile-input.js";
import { type Browser, demoStaff, OWN_ORIGIN } from "./support/staff-client.js";

/** Runs per operation; `OTKLIK_FUZZ_RUNS` raises it for a longer campaign. */
const RUNS = Number(process.env.OTKLIK_FUZZ_RUNS ?? 10);
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyKeys: string[] | undefined;
  contentType: string | undefined;
}

type SchemaLike = { properties?: Record<string, unknown>; $ref?: string; allOf?: SchemaLike[] };

function propertyNames(schema: SchemaLike | undefined, components: Record<string, SchemaLike>): string[] {
  if (!schema) return [];
  if (schema.$ref) return propertyNames(components[schema.$ref.split("/").pop() ?? ""], components);
  const own = Object.keys(schema.properties ?? {});
  return [...own, ...(schema.allOf ?? []).flatMap((part) => propertyNames(part, components))];
}

async function firstChunk(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  const chunk = await reader?.read();
  await reader?.cancel();
  return new TextDecoder().decode(chunk?.value);
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, SchemaLike> };
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as
        | {
            parameters?: { in: string; name: string }[];
            requestBody?: { content?: Record<string, { schema?: SchemaLike }> };
          }
        | undefined;
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      found.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === "query").map((p) => p.name),
        bodyKeys: contentType ? propertyNames(content[contentType]?.schema, components) : undefined,
        contentType,
      });
    }
  }
  return found;
}

/** What one generated request carries. */
interface Attempt {
  caller: "anonymous" | "admin" | "operator" | "editor" | "executor" | "head";
  pathValues: string[];
  query: [string, string][];
  body: { kind: "json"; value: unknown } | { kind: "raw"; text: Uint8Array; type: string } | undefined;
}

function attempts(operation: Operation): fc.Arbitrary<Attempt> {
  const bodyValue = fc.oneof(
    // The operation's own field names with hostile values: gets past "unknown field" checks.
    fc
      .subarray(operation.bodyKeys ?? [], { minLength: 0 })
      .chain((keys) =>
        fc
          .tuple(...keys.map(() => fc.oneof(hostileScalar, fc.array(hostileScalar, { maxLength: 3 }))))
          .map((values) => Object.fromEntries(keys.map((key, index) => [key, values[index]]))),
      ),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom([], "текст", 42, null),
  );
  const rawBody = fc.oneof(
    fc.constant({ text: new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3]), type: "application/json" }),
    fc.constant({ text: new TextEncoder().encode('{"a": 1e999999}'), type: "application/json" }),
    fc.constant({ text: new TextEncoder().encode('{"a":'), type: "application/json" }),
    fc.constant({ text: deep(5_000, false), type: "application/json" }),
    fc.constant({ text: deep(5_000, true), type: "application/json" }),
    fc.constant({ text: new TextEncoder().encode("a=1&b=2"), type: "application/x-www-form-urlencoded" }),
    fc.constant({ text: new TextEncoder().encode("<x/>"), type: "text/xml" }),
  );
  return fc.record({
    caller: fc.constantFrom("anonymous", "admin", "operator", "editor", "executor", "head"),
    pathValues: fc.tuple(...operation.pathParams.map(() => hostileString)),
    query: fc.array(
      fc.tuple(
        operation.queryParams.length > 0
          ? fc.oneof(fc.constantFrom(...operation.queryParams), hostileString)
          : hostileString,
        hostileString,
      ),
      { maxLength: 3 },
    ),
    body: operation.contentType
      ? fc.oneof(
          { weight: 3, arbitrary: bodyValue.map((value) => ({ kind: "json" as const, value })) },
          { weight: 1, arbitrary: rawBody.map((raw) => ({ kind: "raw" as const, ...raw })) },
        )
      : fc.constant(undefined),
  }) as fc.Arbitrary<Attempt>;
}

for (const backend of testBackends()) {
  describe(`hostile input to every operation (${backend})`, () => {
    let api: Awaited<ReturnType<typeof createTestApi>>;
    let browsers: Record<string, Browser>;
    let operations: Operation[];
    let fingerprintSql: string;
    const statuses = new Map<string, number>();
    let sent = 0;

    beforeAll(async () => {
      const clock = manualClock("2026-11-27T02:00:00Z");
      api = await createTestApi({
        db: await createTestDatabase({ backend, migrations: migrationSets }),
        clock: clock as Clock,
      });
      ({ browsers } = await demoStaff(api.app, { db: api.db, clock }));
      const document = (await (await api.app.request("/api/openapi.json")).json()) as OpenApiDocument;
      operations = operationsOf(document);
      fingerprintSql = await fingerprintQuery(api.db);
    });

    afterAll(async () => {
      const summary = [...statuses.entries()].sort().map(([kind, count]) => `${kind}: ${count}`);
      console.log(
        `fuzz (${backend}): ${sent} requests to ${operations.length} operations; ${summary.join(", ")}`,
      );
      await api.db.close();
    });

    const fingerprint = async () => (await api.db.query<Record<string, string>>(fingerprintSql))[0] ?? {};

    async function send(operation: Operation, attempt: Attempt): Promise<Response> {
      let path = operation.path;
      operation.pathParams.forEach((name, index) => {
        path = path.replace(`{${name}}`, encodeURIComponent(attempt.pathValues[index] ?? ""));
      });
      const query = new URLSearchParams(attempt.query).toString();
      const headers: Record<string, string> = {};
      const browser = attempt.caller === "anonymous" ? undefined : browsers[attempt.caller];
      if (browser) {
        headers.cookie = browser.cookie;
        headers["x-csrf-token"] = browser.csrfToken;
        headers.origin = OWN_ORIGIN;
        headers["sec-fetch-site"] = "same-origin";
      }
      let body: string | Uint8Array | undefined;
      if (attempt.body?.kind === "json") {
        headers["content-type"] = "application/json";
        body = JSON.stringify(attempt.body.value);
      } else if (attempt.body?.kind === "raw") {
        headers["content-type"] = attempt.body.type;
        body = attempt.body.text;
      }
      sent += 1;
      return await api.app.request(`${path}${query ? `?${query}` : ""}`, {
        method: operation.method.toUpperCase(),
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    }

    it("covers the whole document", () => {
      expect(operations.length).toBeGreaterThan(100);
    });

    it("answers every hostile request below 500 and changes nothing when it refuses", async () => {
      for (const operation of operations) {
        // Signing out would end the shared sessions the rest of the run uses.
        if (operation.path.endsWith("/auth/logout")) continue;
        await fc.assert(
          fc.asyncProperty(attempts(operation), async (attempt) => {
            const before = await fingerprint();
            const response = await send(operation, attempt);
            // An event stream stays open: its first event is enough, then it is let go.
            const text = response.headers.get("content-type")?.startsWith("text/event-stream")
              ? await firstChunk(response)
              : await response.text();
            const kind = `${Math.floor(response.status / 100)}xx`;
            statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
            const label = `${operation.method.toUpperCase()} ${operation.path} as ${attempt.caller}`;
            expect(response.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
            if (response.status >= 400) {
              const after = await fingerprint();
              const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
              expect(changed, `${label} refused with ${response.status} but changed`).toEqual([]);
            }
          }),
          { numRuns: RUNS, seed: 20261127 },
        );
      }
    }, 1_200_000);
  });
}
