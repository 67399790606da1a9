import { createHmac } from "node:crypto";
import { PlatformAnswer } from "../../src/platform/answer-contract.js";
import {
  type ProtocolAnswer,
  type ProtocolServer,
  startProtocolServer,
  takeFault,
} from "./protocol-server.js";

/**
 * The incident platform's side of the outbound contract in the README: `POST
 * /incidents/{id}/answers` (bearer token, `Idempotency-Key`, HMAC signature), `GET
 * /incidents/{id}/answers/{answerId}`, `GET /ping`.
 */
export interface PlatformServer extends ProtocolServer {
  answers: { incidentId: string; answer: PlatformAnswer }[];
}

const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): ProtocolAnswer => ({
  status,
  json: { error: { code, message } },
  ...(headers ? { headers } : {}),
});

/** Starts the local incident platform that knows incidents `PLT-1001` and `PLT-1002`. */
export async function startPlatformServer(options: {
  apiToken: string;
  signingSecret: string;
  now?: () => number;
}): Promise<PlatformServer> {
  const answers: PlatformServer["answers"] = [];
  const base = await startProtocolServer((request, server): ProtocolAnswer => {
    if (request.headers.authorization !== `Bearer ${options.apiToken}`)
      return error(401, "unauthorized", "Invalid token");
    if (request.method === "GET" && request.path === "/ping") return { status: 200, json: { ok: true } };
    const lookup = /^\/incidents\/([^/]+)\/answers\/([^/]+)$/.exec(request.path);
    if (request.method === "GET" && lookup) {
      const found = answers.find(
        (item) =>
          item.incidentId === decodeURIComponent(lookup[1]!) &&
          item.answer.answerId === decodeURIComponent(lookup[2]!),
      );
      return found
        ? { status: 200, json: { answerId: found.answer.answerId, status: "accepted" } }
        : error(404, "not_found", "No such answer");
    }
    const post = /^\/incidents\/([^/]+)\/answers$/.exec(request.path);
    if (request.method !== "POST" || !post) {
      server.violations.push(`unexpected ${request.method} ${request.path}`);
      return error(404, "not_found", "No such path");
    }
    const incidentId = decodeURIComponent(post[1]!);
    const raw = request.body.toString("utf8");
    const expected = `sha256=${createHmac("sha256", options.signingSecret).update(raw).digest("hex")}`;
    if (request.headers["x-otklik-signature"] !== expected)
      return error(401, "bad_signature", "Signature does not match");
    const parsed = PlatformAnswer.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      server.violations.push(`answer: ${parsed.error.message}`);
      return error(422, "validation_failed", parsed.error.message);
    }
    if (request.headers["idempotency-key"] !== parsed.data.answerId)
      server.violations.push("Idempotency-Key differs from answerId");
    if (!["PLT-1001", "PLT-1002"].includes(incidentId)) return error(404, "not_found", "No such incident");
    const fault = takeFault(server, "answer");
    if (fault === "rate_limit") return error(429, "rate_limited", "Slow down", { "retry-after": "2" });
    if (fault === "server_error") return error(503, "unavailable", "Maintenance");
    if (fault === "token") return error(401, "unauthorized", "Token revoked");
    const duplicate = answers.some((item) => item.answer.answerId === parsed.data.answerId);
    if (!duplicate) answers.push({ incidentId, answer: parsed.data });
    if (fault === "timeout") return { hang: true };
    const receipt = {
      answerId: parsed.data.answerId,
      platformAnswerId: `ans-${answers.length}`,
      status: "accepted",
    };
    return duplicate ? { status: 409, json: receipt } : { status: 202, json: receipt };
  }, options.now);
  return Object.assign(base, { answers });
}
