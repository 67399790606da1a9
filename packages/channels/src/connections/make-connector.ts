import { type Clock, systemClock } from "@otklik/core";
import type { Connector } from "../connector/connector.js";
import type { Throttle } from "../connector/rate-limits.js";
import { createEmailConnector } from "../email/connector.js";
import { createMaxConnector } from "../max/connector.js";
import { createOkConnector } from "../ok/connector.js";
import { createPlatformConnector } from "../platform/connector.js";
import { createTelegramConnector } from "../telegram/connector.js";
import { createVkConnector } from "../vk/connector.js";
import type { ConnectionConfig } from "./connection-input.js";

/** What every connector may be given besides its connection. */
export interface ConnectorDependencies {
  clock?: Clock;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** Makes the connector for a connection, by its platform. */
export function createConnector(
  connection: ConnectionConfig,
  dependencies: ConnectorDependencies = {},
): Connector {
  const common = {
    ...(dependencies.throttle ? { throttle: dependencies.throttle } : {}),
    ...(dependencies.timeoutMilliseconds ? { timeoutMilliseconds: dependencies.timeoutMilliseconds } : {}),
  };
  const clock = dependencies.clock ?? systemClock;
  switch (connection.platform) {
    case "vk":
      return createVkConnector({
        settings: connection.settings,
        secrets: connection.secrets,
        clock,
        ...common,
      });
    case "telegram":
      return createTelegramConnector({
        settings: connection.settings,
        secrets: connection.secrets,
        ...common,
      });
    case "ok":
      return createOkConnector({ settings: connection.settings, secrets: connection.secrets, ...common });
    case "max":
      return createMaxConnector({
        settings: connection.settings,
        secrets: connection.secrets,
        clock,
        ...common,
      });
    case "platform":
      return createPlatformConnector({
        settings: connection.settings,
        secrets: connection.secrets,
        clock,
        ...common,
      });
    case "email":
      return createEmailConnector({ settings: connection.settings, secrets: connection.secrets, ...common });
  }
}
