import { fromZodError, OtklikError } from "@otklik/core";
import { headerValue, type InboundRequest, type InboundResult } from "../connector/inbound-event.js";
import { PlatformIntake } from "./intake-schema.js";
import { PLATFORM_SIGNATURE_HEADER, verifyPlatformSignature } from "./signature.js";

/**
 * Verifies and parses one intake request of the incident platform. Throws `unauthorized` for a
 * missing or wrong signature (checked before the body is even parsed) and `validation_failed`
 * for a body outside the contract. The route answers 202 with `{ incidentId }` once the incident
 * desk has stored the event; `response` here is the acknowledgement for when it has nothing to add.
 */
export function receivePlatformIntake(request: InboundRequest, secret: string): InboundResult {
  const signature = headerValue(request.headers, PLATFORM_SIGNATURE_HEADER);
  if (!verifyPlatformSignature(request.rawBody, signature, secret)) {
    throw new OtklikError("unauthorized", "Подпись запроса неверна / Request signature is invalid");
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    throw new OtklikError("bad_request", "Тело запроса не JSON / Request body is not JSON");
  }
  const parsed = PlatformIntake.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  return {
    response: { status: 202, contentType: "application/json", body: "{}" },
    events: [{ kind: "platform_incident", platform: "platform", intake: parsed.data }],
  };
}
