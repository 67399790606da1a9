import { describe, expect, it } from "vitest";
import { checkApi } from "./api-status.js";

const checkedAt = new Date("2026-11-27T10:05:00Z");

function answering(answers: Record<string, Response | Error>): typeof fetch {
  return async (input) => {
    const answer = answers[String(input)];
    if (!answer || answer instanceof Error) throw answer ?? new TypeError("fetch failed");
    return answer;
  };
}

describe("checkApi", () => {
  it("collects health, readiness and the city's profile", async () => {
    const status = await checkApi(
      answering({
        "/api/health": Response.json({ status: "ok", service: "otklik-api", version: "0.1.0", time: "" }),
        "/api/ready": Response.json({ status: "ready", database: "pglite" }),
        "/api/v1/city": Response.json({ name: { ru: "Абакан", en: "Abakan" }, timeZone: "Asia/Krasnoyarsk" }),
      }),
      () => checkedAt,
    );
    expect(status).toEqual({
      kind: "checked",
      checkedAt,
      health: { status: "ok", service: "otklik-api", version: "0.1.0", time: "" },
      readiness: { status: "ready", database: "pglite" },
      city: { name: { ru: "Абакан", en: "Abakan" }, timeZone: "Asia/Krasnoyarsk" },
    });
  });

  it("reports a database that is not ready (503) and an unreachable API without throwing", async () => {
    const status = await checkApi(
      answering({
        "/api/health": Response.json({ status: "ok", service: "otklik-api", version: "0.1.0", time: "" }),
        "/api/ready": Response.json(
          { error: { code: "unavailable", message: "", requestId: "r" } },
          { status: 503 },
        ),
      }),
      () => checkedAt,
    );
    expect(status).toMatchObject({ health: { version: "0.1.0" }, readiness: undefined, city: undefined });
  });
});
