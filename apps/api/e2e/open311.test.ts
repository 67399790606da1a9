// Open311 GeoReport v2 over HTTP: every endpoint in JSON and XML, checked against the spec's field definitions.
import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createApiToken, DEMO_OPEN311_KEY, systemActor } from "@otklik/identity";
import { incidentsDemoSeed } from "@otklik/incidents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeXml, xmlDocument } from "../src/routes/open311/xml.js";
import { createTestApi } from "../src/test-support.js";
import { demoStaff } from "./support/staff-client.js";

const BASE = "/open311/v2";

/**
 * A small XML reader for the tests (apps/api has no XML parser): checks the document is well formed —
 * the declaration, then balanced elements — and answers the text of each `<name>` element in order.
 */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*/, "");
  if (body === xml) return false;
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name ?? "");
  }
  // Text holds no raw markup characters: every `<` starts a tag, every `&` an entity.
  const text = body.replace(/<\/?[A-Za-z_][\w.-]*\/?>/g, "");
  return stack.length === 0 && !text.includes("<") && !/&(?!(amp|lt|gt|quot|apos);)/.test(text);
}
function texts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>|<${name}/>`, "g"))].map((m) => m[1] ?? "");
}
function count(xml: string, name: string): number {
  return (xml.match(new RegExp(`<${name}>`, "g")) ?? []).length;
}

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The fields of a GeoReport v2 service request, as the spec defines them. */
function expectServiceRequest(request: Record<string, unknown>) {
  expect(typeof request.service_request_id).toBe("string");
  expect(["open", "closed"]).toContain(request.status);
  expect(typeof request.status_notes).toBe("string");
  expect(typeof request.service_name).toBe("string");
  expect(typeof request.service_code).toBe("string");
  expect(request.requested_datetime).toMatch(W3C);
  expect(request.updated_datetime).toMatch(W3C);
  if (request.expected_datetime !== null) expect(request.expected_datetime).toMatch(W3C);
  for (const key of ["lat", "long"]) expect(["number", "object"]).toContain(typeof request[key]);
  for (const key of ["description", "agency_responsible", "address", "address_id", "zipcode", "media_url"]) {
    expect(key in request, key).toBe(true);
  }
  expect(typeof request.service_notice).toBe("string");
}

describe("Open311 GeoReport v2", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let readOnlyKey: string;

  beforeAll(async () => {
    clock = manualClock("2026-11-27T03:00:00Z");
    api = await createTestApi({ clock: clock as Clock });
    await demoStaff(api.app, { db: api.db, clock });
    // The routing keys linked to the demo departments, as the demo start does: `agency_responsible` has a name.
    await withTransaction(api.db, (tx) => incidentsDemoSeed.run({ db: tx, clock }));
    readOnlyKey = (
      await createApiToken(
        { db: api.db, clock, actor: systemActor("test") },
        { name: "Только чтение", scopes: ["read"] },
      )
    ).secret;
  }, 120_000);
  afterAll(() => api?.db.close());

  const get = (path: string) => api.app.request(`${BASE}/${path}`);
  function post(format: "json" | "xml", fields: Record<string, string>, query = "") {
    return api.app.request(`${BASE}/requests.${format}${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
  const pothole = {
    api_key: DEMO_OPEN311_KEY,
    service_code: "roads",
    lat: "53.7215",
    long: "91.4425",
    description: "Яма на проезжей части <глубокая> & опасная",
    media_url: "https://example.org/pothole.jpg",
    first_name: "Иван",
    last_name: "Кузнецов",
    email: "ivan@mail.example",
    phone: "+79130000000",
    device_id: "dev-1",
    account_id: "acc-42",
  };

  it("tells what it offers: discovery in JSON and XML", async () => {
    const json = await get("discovery.json");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toContain("application/json");
    const discovery = (await json.json()) as { changeset: string; endpoints: Record<string, unknown>[] };
    expect(discovery.changeset).toMatch(W3C);
    expect(discovery.endpoints[0]).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      type: "production",
      formats: ["application/json", "text/xml"],
    });
    const xml = await get("discovery.xml");
    expect(xml.headers.get("content-type")).toContain("text/xml");
    const body = await xml.text();
    expect(wellFormed(body)).toBe(true);
    expect(body).toContain("<discovery>");
    expect(texts(body, "format")).toEqual(["application/json", "text/xml"]);
  });

  it("lists the categories as services, and defines each", async () => {
    const services = (await (await get("services.json")).json()) as Record<string, unknown>[];
    expect(services).toHaveLength(12);
    for (const service of services) {
      expect(typeof service.service_code).toBe("string");
      expect(service.service_name).toMatch(/[А-Яа-яЁё]/u);
      expect(typeof service.description).toBe("string");
      expect(service.metadata).toBe(false);
      expect(service.type).toBe("realtime");
      expect(typeof service.keywords).toBe("string");
      expect(typeof service.group).toBe("string");
    }
    const xml = await (await get("services.xml")).text();
    expect(wellFormed(xml)).toBe(true);
    expect(count(xml, "service")).toBe(12);
    expect(texts(xml, "service_code")).toContain("street-lighting");
    expect(texts(xml, "metadata")).toEqual(Array(12).fill("false"));

    const definition = await get("services/roads.json");
    expect(definition.status).toBe(200);
    expect(await definition.json()).toEqual({ service_code: "roads", attributes: [] });
    const definitionXml = await (await get("services/roads.xml")).text();
    expect(wellFormed(definitionXml)).toBe(true);
    expect(definitionXml).toContain("<service_definition><service_code>roads</service_code><attributes>");

    const unknown = await get("services/potholes.json");
    expect(unknown.status).toBe(404);
    const errors = (await unknown.json()) as { code: number; description: string }[];
    expect(errors).toEqual([{ code: 404, description: expect.stringContaining("potholes") }]);
    const unknownXml = await get("services/potholes.xml");
    expect(unknownXml.status).toBe(404);
    const errorXml = await unknownXml.text();
    expect(wellFormed(errorXml)).toBe(true);
    expect(errorXml).toMatch(
      /<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/,
    );
  });

  it("refuses to take a request without a key, with a wrong key or a key without the scope: 403", async () => {
    const { api_key: _key, ...noKey } = pothole;
    for (const [fields, query] of [
      [noKey, ""],
      [{ ...pothole, api_key: "wrong-key" }, ""],
      [{ ...pothole, api_key: readOnlyKey }, ""],
      [noKey, "?api_key=wrong-key"],
    ] as const) {
      const response = await post("json", fields, query);
      expect(response.status).toBe(403);
      const errors = (await response.json()) as { code: number; description: string }[];
      expect(errors).toHaveLength(1);
      expect(errors[0]?.code).toBe(403);
      expect(errors[0]?.description).toMatch(/api_key/);
    }
    const xml = await post("xml", noKey);
    expect(xml.status).toBe(403);
    expect(await xml.text()).toContain("<errors><error><code>403</code>");
    const [row] = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE channel = 'open311'",
    );
    expect(row?.n).toBe(0);
  });

  it("answers 400 for an unknown service_code or a request without a place", async () => {
    const unknown = await post("json", { ...pothole, service_code: "potholes" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { code: number }[])[0]?.code).toBe(400);
    const { lat: _lat, long: _long, ...nowhere } = pothole;
    const noPlace = await post("xml", nowhere);
    expect(noPlace.status).toBe(400);
    const body = await noPlace.text();
    expect(wellFormed(body)).toBe(true);
    expect(texts(body, "code")).toEqual(["400"]);
  });

  let submitted: { service_request_id: string; service_notice: string; account_id: string; token: string };

  it("takes a request with the demo key (form-encoded), as an incident of channel open311", async () => {
    const response = await post("json", pothole);
    expect(response.status).toBe(201);
    const answer = (await response.json()) as (typeof submitted)[];
    expect(answer).toHaveLength(1);
    submitted = answer[0] as typeof submitted;
    expect(submitted.service_request_id).toMatch(/^2026-\d{6}$/);
    expect(submitted.account_id).toBe("acc-42");
    expect(typeof submitted.service_notice).toBe("string");
    const [row] = await api.db.query<Record<string, unknown>>(
      "SELECT channel, category, author_name, lat, lon FROM incidents WHERE number = $1",
      [submitted.service_request_id],
    );
    expect(row).toEqual({
      channel: "open311",
      category: "roads",
      author_name: "Иван Кузнецов",
      lat: 53.7215,
      lon: 91.4425,
    });
    // Nothing but the name is kept: no e-mail, phone or device id anywhere in the incident tables.
    const dump = JSON.stringify(await api.db.query("SELECT * FROM incidents"));
    expect(dump).not.toContain("ivan@mail.example");
    expect(dump).not.toContain("79130000000");

    const xml = await post("xml", {
      ...pothole,
      service_code: "street-lighting",
      lat: "",
      long: "",
      address_string: "ул. Ленина, 70",
      description: "Не горит фонарь",
    });
    expect(xml.status).toBe(201);
    const body = await xml.text();
    expect(wellFormed(body)).toBe(true);
    expect(count(body, "request")).toBe(1);
    expect(texts(body, "service_request_id")[0]).toMatch(/^2026-\d{6}$/);
    expect(texts(body, "account_id")).toEqual(["acc-42"]);
  });

  it("reads one request and a token, in JSON and XML; unknown ones are 404", async () => {
    const one = await get(`requests/${submitted.service_request_id}.json`);
    expect(one.status).toBe(200);
    const [request] = (await one.json()) as Record<string, unknown>[];
    expectServiceRequest(request ?? {});
    expect(request).toMatchObject({
      service_request_id: submitted.service_request_id,
      status: "open",
      service_code: "roads",
      service_name: "Дороги",
      description: pothole.description,
      lat: 53.7215,
      long: 91.4425,
      media_url: pothole.media_url,
    });
    expect(request?.expected_datetime).toMatch(W3C);
    expect(request?.agency_responsible).toBe("Управление жилищно-коммунального хозяйства");

    const xml = await (await get(`requests/${submitted.service_request_id}.xml`)).text();
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain("<service_requests><request>");
    // The description's markup characters are escaped.
    expect(texts(xml, "description")).toEqual([escapeXml(pothole.description)]);
    expect(xml).toContain("&lt;глубокая&gt; &amp; опасная");
    expect(texts(xml, "status")).toEqual(["open"]);
    expect(texts(xml, "long")).toEqual(["91.4425"]);

    expect((await get("requests/2026-999999.json")).status).toBe(404);
    const missingXml = await get("requests/2026-999999.xml");
    expect(missingXml.status).toBe(404);
    expect(await missingXml.text()).toContain("<code>404</code>");

    const token = await get(`tokens/${submitted.token}.json`);
    expect(await token.json()).toEqual([
      { token: submitted.token, service_request_id: submitted.service_request_id },
    ]);
    const tokenXml = await (await get(`tokens/${submitted.token}.xml`)).text();
    expect(wellFormed(tokenXml)).toBe(true);
    expect(texts(tokenXml, "service_request_id")).toEqual([submitted.service_request_id]);
    expect((await get("tokens/no-such-token.json")).status).toBe(404);
  });

  it("lists requests with the spec's filters and its 90-day default", async () => {
    const all = (await (await get("requests.json")).json()) as Record<string, unknown>[];
    expect(all).toHaveLength(2);
    for (const request of all) expectServiceRequest(request);

    const roads = (await (await get("requests.json?service_code=roads")).json()) as Record<string, unknown>[];
    expect(roads.map((request) => request.service_request_id)).toEqual([submitted.service_request_id]);
    const both = (await (await get("requests.json?service_code=roads,street-lighting")).json()) as unknown[];
    expect(both).toHaveLength(2);
    const byId = (await (
      await get(`requests.json?service_request_id=${submitted.service_request_id},2026-999999&status=closed`)
    ).json()) as unknown[];
    expect(byId).toHaveLength(1); // service_request_id overrides every other filter
    expect((await (await get("requests.json?status=closed")).json()) as unknown[]).toEqual([]);
    expect((await (await get("requests.json?status=open")).json()) as unknown[]).toHaveLength(2);
    const window = (await (
      await get("requests.json?start_date=2026-11-27T00:00:00%2B07:00&end_date=2026-11-28T00:00:00%2B07:00")
    ).json()) as unknown[];
    expect(window).toHaveLength(2);
    const before = (await (
      await get("requests.json?start_date=2026-10-01T00:00:00Z&end_date=2026-10-31T00:00:00Z")
    ).json()) as unknown[];
    expect(before).toEqual([]);

    const xml = await (await get("requests.xml?service_code=roads")).text();
    expect(wellFormed(xml)).toBe(true);
    expect(count(xml, "request")).toBe(1);

    for (const bad of [
      "status=pending",
      "start_date=yesterday",
      "start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
    ]) {
      const response = await get(`requests.json?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { code: number }[])[0]?.code).toBe(400);
    }

    // 91 days later, the default window (the last 90 days) is empty.
    clock.set("2027-02-27T03:00:00Z");
    expect((await (await get("requests.json")).json()) as unknown[]).toEqual([]);
    clock.set("2026-11-27T03:00:00Z");
  });

  it("knows only .json and .xml", async () => {
    expect((await get("services.html")).status).toBe(404);
    expect((await get("nothing.json")).status).toBe(404);
  });
});

describe("the Open311 XML writer", () => {
  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    expect(xmlDocument("errors", [{ code: 400, description: "x < y" }], { errors: "error" })).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>x &lt; y</description></error></errors>\n',
    );
    expect(xmlDocument("r", { a: null, b: true, c: [1, 2] }, { c: "n" })).toContain(
      "<r><a/><b>true</b><c><n>1</n><n>2</n></c></r>",
    );
  });
});
