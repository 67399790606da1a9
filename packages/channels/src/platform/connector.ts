import { type Clock, systemClock } from "@otklik/core";
import type { Connector, HealthReport } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import { receivePlatformIntake } from "./receive-intake.js";
import {
  findPlatformAnswer,
  type PlatformCallContext,
  pingPlatform,
  sendPlatformAnswer,
} from "./send-answer.js";
import { PlatformSecrets, PlatformSettings } from "./settings.js";

/** Everything a connector to the incident platform is made from. */
export interface PlatformConnectorOptions {
  settings: PlatformSettings;
  secrets: PlatformSecrets;
  clock?: Clock;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/**
 * The connector to the federal incident platform: inbound intake (verified by HMAC) and the
 * outbound answer call. Replies go to `conversationId` = the platform's incident id.
 */
export function createPlatformConnector(options: PlatformConnectorOptions): Connector {
  const context: PlatformCallContext = {
    settings: PlatformSettings.parse(options.settings),
    secrets: PlatformSecrets.parse(options.secrets),
    clock: options.clock ?? systemClock,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  };
  return {
    platform: "platform",
    limits: CONNECTOR_LIMITS.platform,
    receive: (request) => receivePlatformIntake(request, context.secrets.intakeSecret),
    sendReply: (reply, sendOptions) => sendPlatformAnswer(context, reply, sendOptions.idempotencyKey),
    findLostDelivery: async (query) =>
      query.conversationId === undefined
        ? null
        : findPlatformAnswer(context, query.conversationId, query.idempotencyKey),
    testConnection: async (): Promise<HealthReport> => {
      try {
        await pingPlatform(context);
        return { healthy: true, description: new URL(context.settings.baseUrl).host };
      } catch (error) {
        return { healthy: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
