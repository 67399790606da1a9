// Hostile input to Open311 GeoReport v2 (/open311/v2/, outside the OpenAPI document, so fuzz.test.ts does not
// reach it): discovery, services, service definitions, requests with filters, one request, tokens, and POST
// requests with a valid, a read-only, a wrong or no api_key — in JSON, XML and unknown formats. Never a 5xx,
// and a refused request leaves every table unchanged. The figures are printed for RELIABILITY.md.
import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { createApiToken, DEMO_OPEN311_KEY, systemActor } from "@otklik/identity";
import { incidentsDemoSeed } from "@otklik/incidents";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { deep, fingerprintQuery, hostileScalar, hostileString } from "./support/hostile-input.js";
import { demoStaff } from "./support/staff-client.js";

/** Runs per operation; `OTKLIK_FUZZ_RUNS` raises it for a longer campaign (as in fuzz.test.ts). */
const RUNS = Number(process.env.OTKLIK_FUZZ_RUNS ?? 10) * 4;
const BASE = "/open311/v2";
const BODY_LIMIT = 64 * 1024;

/** GeoReport v2's request fields, plus ones it does not know. */
const FIELDS = [
  "service_code",
  "lat",
  "long",
  "address_string",
  "address_id",
  "description",
  "media_url",
  "email",
  "device_id",
  "account_id",
  "first_name",
  "last_name",
  "phone",
  "jurisdiction_id",
  "attribute[x]",
  "__proto__",
  "constructor",
];

const format = fc.constantFrom("json", "xml", "json", "xml", "html", "", "json.xml", "JSON");
const withFormat = (name: string, suffix: string) => (suffix === "" ? name : `${name}.${suffix}`);

interface Attempt {
  path: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          "service_request_id",
          "service_code",
          "start_date",
          "end_date",
          "status",
          "jurisdiction_id",
          "api_key",
        ),
        hostileString,
      ),
      fc.oneof(
        hostileString,
        fc.constantFrom(
          "open",
          "closed",
          "2026-11-27T00:00:00Z",
          "1970-01-01",
          "9999-12-31T23:59:59+14:00",
          "1,2,3",
        ),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const text = new URLSearchParams(pairs).toString();
    return text ? `?${text}` : "";
  });

/** Percent-encodes a path segment; a lone surrogate becomes its (invalid) three UTF-8 bytes, `%ED%A0%80`. */
function encodeSegment(value: string): string {
  let encoded = "";
  for (const character of value) {
    const code = character.charCodeAt(0);
    encoded +=
      character.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join("")
        : encodeURIComponent(character);
  }
  return encoded;
}

function pathSegment(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...known, "%C3%28", "%FF%FE", "%00", "..%2F..%2Fetc%2Fpasswd"),
    hostileString.map(encodeSegment),
  );
}

function getAttempt(
  kind: "discovery" | "services" | "definition" | "requests" | "request" | "token",
  known: Known,
) {
  const name: fc.Arbitrary<string> =
    kind === "definition"
      ? pathSegment(["roads", "street-lighting", "waste"]).map((code) => `services/${code}`)
      : kind === "request"
        ? pathSegment(known.requestIds).map((id) => `requests/${id}`)
        : kind === "token"
          ? pathSegment(known.tokens).map((token) => `tokens/${token}`)
          : fc.constant(kind);
  return fc.record({ name, suffix: format, query }).map(
    ({ name, suffix, query }): Attempt => ({
      path: `${BASE}/${withFormat(name, suffix)}${query}`,
      method: "GET",
      headers: {},
    }),
  );
}

interface Known {
  requestIds: string[];
  tokens: string[];
  readOnlyKey: string;
}

const fieldValue = fc.oneof(
  { weight: 3, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constantFrom("roads", "53.7215", "91.4425", "Яма у дома 5", "a@b.example") },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function postAttempt(known: Known): fc.Arbitrary<Attempt> {
  const key = fc.constantFrom<"valid" | "read-only" | "wrong" | "none" | "query">(
    "valid",
    "read-only",
    "wrong",
    "none",
    "query",
  );
  const fields = fc
    .subarray(FIELDS, { minLength: 0 })
    .chain((names) =>
      fc
        .tuple(...names.map(() => fieldValue))
        .map((values) => Object.fromEntries(names.map((name, index) => [name, values[index]]))),
    );
  const raw = fc.constantFrom(
    { text: new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3]), type: "application/json" },
    {
      text: new Uint8Array([
        0x73, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x5f, 0x63, 0x6f, 0x64, 0x65, 0x3d, 0xc3, 0x28,
      ]),
      type: "application/x-www-form-urlencoded",
    },
    {
      text: new TextEncoder().encode('{"service_code": 1e999999, "lat": 1e999999}'),
      type: "application/json",
    },
    { text: new TextEncoder().encode('{"service_code":'), type: "application/json" },
    { text: deep(5_000, false), type: "application/json" },
    { text: deep(5_000, true), type: "application/json" },
    {
      text: new TextEncoder().encode(`description=${"Ё".repeat(BODY_LIMIT)}`),
      type: "application/x-www-form-urlencoded",
    },
    {
      text: new TextEncoder().encode("<service_request><service_code>roads</service_code></service_request>"),
      type: "text/xml",
    },
    {
      text: new TextEncoder().encode('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x'),
      type: "multipart/form-data; boundary=x",
    },
    { text: new TextEncoder().encode("service_code=roads"), type: "application/octet-stream" },
  );
  // A valid submission with some of its fields replaced by hostile values: reaches the write path.
  const nearlyValid = fc
    .tuple(
      fc.subarray(FIELDS, { minLength: 1, maxLength: 3 }),
      fc.array(hostileString, { minLength: 3, maxLength: 3 }),
    )
    .map(([names, values]) => ({
      service_code: "roads",
      lat: "53.7215",
      long: "91.4425",
      description: "Яма у дома 5",
      ...Object.fromEntries(names.map((name, index) => [name, values[index]])),
    }));
  const body = fc.oneof(
    { weight: 2, arbitrary: nearlyValid.map((value) => ({ kind: "form" as const, value })) },
    { weight: 1, arbitrary: nearlyValid.map((value) => ({ kind: "json" as const, value })) },
    { weight: 2, arbitrary: fields.map((value) => ({ kind: "form" as const, value })) },
    { weight: 2, arbitrary: fields.map((value) => ({ kind: "json" as const, value })) },
    { weight: 1, arbitrary: raw.map((value) => ({ kind: "raw" as const, value })) },
  );
  return fc
    .record({ key, body, suffix: format, wrongKey: hostileString })
    .map(({ key, body, suffix, wrongKey }) => {
      const secret =
        key === "valid" || key === "query"
          ? DEMO_OPEN311_KEY
          : key === "read-only"
            ? known.readOnlyKey
            : key === "wrong"
              ? wrongKey
              : undefined;
      const headers: Record<string, string> = {};
      let payload: string | Uint8Array;
      if (body.kind === "raw") {
        headers["content-type"] = body.value.type;
        payload = body.value.text;
      } else {
        const value = {
          ...body.value,
          ...(secret !== undefined && key !== "query" ? { api_key: secret } : {}),
        };
        if (body.kind === "json") {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(value);
        } else {
          headers["content-type"] = "application/x-www-form-urlencoded";
          payload = new URLSearchParams(
            Object.entries(value).map(([name, item]): [string, string] => [
              name,
              typeof item === "string" ? item : String(JSON.stringify(item)),
            ]),
          ).toString();
        }
      }
      const keyQuery = key === "query" ? `?api_key=${encodeURIComponent(DEMO_OPEN311_KEY)}` : "";
      return {
        path: `${BASE}/${withFormat("requests", suffix)}${keyQuery}`,
        method: "POST",
        headers,
        body: payload,
      };
    });
}

for (const backend of testBackends()) {
  describe(`hostile input to Open311 GeoReport v2 (${backend})`, () => {
    let api: Awaited<ReturnType<typeof createTestApi>>;
    let fingerprintSql: string;
    let known: Known;
    const statuses = new Map<string, number>();
    let sent = 0;
    let accepted = 0;

    beforeAll(async () => {
      const clock = manualClock("2026-11-27T03:00:00Z");
      api = await createTestApi({
        db: await createTestDatabase({ backend, migrations: migrationSets }),
        clock: clock as Clock,
        bodyLimitBytes: BODY_LIMIT,
      });
      await demoStaff(api.app, { db: api.db, clock });
      await withTransaction(api.db, (tx) => incidentsDemoSeed.run({ db: tx, clock }));
      const readOnlyKey = (
        await createApiToken(
          { db: api.db, clock, actor: systemActor("test") },
          { name: "Только чтение", scopes: ["read"] },
        )
      ).secret;
      // One real request, so that "one request" and "token" also meet ids that exist.
      const created = await api.app.request(`${BASE}/requests.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          api_key: DEMO_OPEN311_KEY,
          service_code: "roads",
          lat: "53.7215",
          long: "91.4425",
          description: "Яма на проезжей части",
        }).toString(),
      });
      expect(created.status).toBe(201);
      const [request] = (await created.json()) as { service_request_id?: string; token?: string }[];
      known = {
        requestIds: [request?.service_request_id ?? "missing"],
        tokens: [request?.token ?? request?.service_request_id ?? "missing"],
        readOnlyKey,
      };
      fingerprintSql = await fingerprintQuery(api.db);
    }, 120_000);

    afterAll(async () => {
      const summary = [...statuses.entries()].sort().map(([kind, count]) => `${kind}: ${count}`);
      console.log(
        `fuzz Open311 (${backend}): ${sent} requests; ${summary.join(", ")}; ${accepted} requests stored (201)`,
      );
      await api?.db.close();
    });

    const fingerprint = async () => (await api.db.query<Record<string, string>>(fingerprintSql))[0] ?? {};

    const operations: [string, () => fc.Arbitrary<Attempt>][] = [
      ["GET discovery", () => getAttempt("discovery", known)],
      ["GET services", () => getAttempt("services", known)],
      ["GET services/{code}", () => getAttempt("definition", known)],
      ["GET requests (filters)", () => getAttempt("requests", known)],
      ["GET requests/{id}", () => getAttempt("request", known)],
      ["GET tokens/{token}", () => getAttempt("token", known)],
      ["POST requests", () => postAttempt(known)],
    ];

    it("answers every hostile request below 500, and a refused one changes nothing", async () => {
      for (const [label, attempts] of operations) {
        await fc.assert(
          fc.asyncProperty(attempts(), async (attempt) => {
            const before = await fingerprint();
            sent += 1;
            const response = await api.app.request(attempt.path, {
              method: attempt.method,
              headers: attempt.headers,
              ...(attempt.body !== undefined ? { body: attempt.body } : {}),
            });
            const text = await response.text();
            const kind = `${Math.floor(response.status / 100)}xx`;
            statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
            const where = `${label}: ${attempt.method} ${attempt.path.slice(0, 200)}`;
            expect(response.status, `${where} → ${text.slice(0, 300)}`).toBeLessThan(500);
            if (response.status === 201) accepted += 1;
            if (response.status >= 400 || attempt.method === "GET") {
              const after = await fingerprint();
              const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
              expect(changed, `${where} answered ${response.status} but changed`).toEqual([]);
            }
          }),
          { numRuns: RUNS, seed: 20261128 },
        );
      }
      // The campaign did reach the write path: some hostile-but-valid submissions were stored.
      expect(accepted).toBeGreaterThan(0);
    }, 1_200_000);
  });
}
