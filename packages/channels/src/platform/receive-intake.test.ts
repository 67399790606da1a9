import { isOtklikError } from "@otklik/core";
import { describe, expect, it } from "vitest";
import { receivePlatformIntake } from "./receive-intake.js";
import { signPlatformBody, verifyPlatformSignature } from "./signature.js";

const SECRET = "platform-demo-secret";
const incident = {
  id: "PLT-1001",
  createdAt: "2024-11-27T06:55:00+07:00",
  sentAt: "2024-11-27T07:00:00+07:00",
  text: "Во дворе дома по ул. Кирова, 120 не вывезен мусор",
  source: { network: "vk", url: "https://vk.com/wall-1_2?reply=3", authorName: "Ольга И." },
  attachments: [{ type: "photo", url: "https://platform.example/files/1.jpg" }],
  rubric: "ЖКХ",
  address: "Абакан, ул. Кирова, 120",
  location: { lat: 53.7213, lon: 91.4425 },
  deadlineAt: "2024-11-27T16:00:00+07:00",
};

const request = (body: string, signature?: string) => ({
  headers: signature === undefined ? {} : { "X-Otklik-Signature": signature },
  rawBody: body,
});

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isOtklikError(error) ? error.code : "other";
  }
  return undefined;
}

describe("incident platform intake", () => {
  it("accepts a signed incident and defaults its type", () => {
    const body = JSON.stringify(incident);
    const result = receivePlatformIntake(request(body, signPlatformBody(body, SECRET)), SECRET);
    expect(result.response.status).toBe(202);
    expect(result.events).toEqual([
      { kind: "platform_incident", platform: "platform", intake: { ...incident, type: "incident" } },
    ]);
  });

  it("refuses a missing, malformed or wrong signature, and a body changed after signing", () => {
    const body = JSON.stringify(incident);
    expect(refusal(() => receivePlatformIntake(request(body), SECRET))).toBe("unauthorized");
    expect(refusal(() => receivePlatformIntake(request(body, "sha256=zz"), SECRET))).toBe("unauthorized");
    expect(
      refusal(() => receivePlatformIntake(request(body, signPlatformBody(body, "other-secret")), SECRET)),
    ).toBe("unauthorized");
    expect(
      refusal(() => receivePlatformIntake(request(`${body} `, signPlatformBody(body, SECRET)), SECRET)),
    ).toBe("unauthorized");
  });

  it("checks the signature over the raw bytes, so re-serialised JSON does not pass", () => {
    const pretty = JSON.stringify(incident, null, 2);
    expect(verifyPlatformSignature(pretty, signPlatformBody(JSON.stringify(incident), SECRET), SECRET)).toBe(
      false,
    );
    expect(
      verifyPlatformSignature(
        pretty,
        signPlatformBody(pretty, SECRET).toUpperCase().replace("SHA256", "sha256"),
        SECRET,
      ),
    ).toBe(true);
  });

  it("carries updates, answers returned for rework, and closures with the platform's comment", () => {
    for (const type of ["update", "rework", "closed"] as const) {
      const body = JSON.stringify({
        ...incident,
        type,
        text: "",
        comment: "Ответ не содержит сроков устранения",
      });
      const [event] = receivePlatformIntake(request(body, signPlatformBody(body, SECRET)), SECRET).events;
      expect(event).toMatchObject({
        intake: { type, id: "PLT-1001", comment: "Ответ не содержит сроков устранения" },
      });
    }
  });

  it("refuses a signed body outside the contract with validation details", () => {
    const body = JSON.stringify({ ...incident, source: { network: "myspace" } });
    try {
      receivePlatformIntake(request(body, signPlatformBody(body, SECRET)), SECRET);
      expect.unreachable();
    } catch (error) {
      expect(isOtklikError(error) && error.code).toBe("validation_failed");
      expect(isOtklikError(error) && error.details?.[0]?.path).toEqual(["source", "network"]);
    }
    expect(refusal(() => receivePlatformIntake(request("{", signPlatformBody("{", SECRET)), SECRET))).toBe(
      "bad_request",
    );
  });
});
