import type { Clock } from "@otklik/core";
import type { Connector } from "../connector/connector.js";
import type { OutboundPost, OutboundReply, PublishedItem } from "../connector/outbound.js";
import type { ChannelsDatabase } from "../database/sql.js";
import { createDatabaseThrottle, type Sleep } from "../delivery/database-throttle.js";
import { type DeliveryReport, deliver } from "../delivery/deliver.js";
import type { ChannelsLogger } from "../delivery/logger.js";
import type { RetryPolicy } from "../delivery/retry-policy.js";
import { type Connection, secretValues } from "./connection-input.js";
import { createConnector } from "./make-connector.js";
import { recordConnectionHealth } from "./store.js";

/** What a delivery through a stored connection needs. */
export interface ConnectionDeliveryArguments {
  /** The database itself (not a transaction: nothing should stay open while a platform answers). */
  db: ChannelsDatabase;
  clock: Clock;
  connection: Connection;
  idempotencyKey: string;
  sleep?: Sleep;
  logger?: ChannelsLogger;
  retryPolicy?: RetryPolicy;
  timeoutMilliseconds?: number;
  /** For tests: a connector made elsewhere (with a base URL of a local server, say). */
  connector?: Connector;
}

function connectorFor(args: ConnectionDeliveryArguments): Connector {
  if (args.connector) return args.connector;
  const throttle = createDatabaseThrottle({
    db: args.db,
    clock: args.clock,
    ...(args.sleep ? { sleep: args.sleep } : {}),
  });
  return createConnector(args.connection, {
    clock: args.clock,
    throttle,
    ...(args.timeoutMilliseconds ? { timeoutMilliseconds: args.timeoutMilliseconds } : {}),
  });
}

async function deliverAndRecordHealth(
  args: ConnectionDeliveryArguments,
  operation: string,
  send: () => Promise<PublishedItem>,
): Promise<DeliveryReport> {
  const report = await deliver({
    db: args.db,
    clock: args.clock,
    connectionId: args.connection.id,
    operation,
    idempotencyKey: args.idempotencyKey,
    send,
    secrets: secretValues(args.connection),
    ...(args.sleep ? { sleep: args.sleep } : {}),
    ...(args.logger ? { logger: args.logger } : {}),
    ...(args.retryPolicy ? { retryPolicy: args.retryPolicy } : {}),
  });
  // A revoked token or lost rights make the connection unhealthy until someone fixes it.
  if (
    report.state === "failed" &&
    (report.error.kind === "token_invalid" || report.error.kind === "denied")
  ) {
    await recordConnectionHealth({
      db: args.db,
      clock: args.clock,
      connection: args.connection,
      healthy: false,
      error: report.error.message,
    });
  }
  return report;
}

/** Publishes a post through a stored connection, with rate limits, safe retries and recorded attempts. */
export async function publishThroughConnection(
  args: ConnectionDeliveryArguments & { post: OutboundPost },
): Promise<DeliveryReport> {
  const connector = connectorFor(args);
  if (!connector.publishPost) throw new Error(`${connector.platform} publishes no posts`);
  const publish = connector.publishPost;
  return deliverAndRecordHealth(args, "publish", () =>
    publish(args.post, { idempotencyKey: args.idempotencyKey }),
  );
}

/** Sends a reply through a stored connection, with the same discipline. */
export async function replyThroughConnection(
  args: ConnectionDeliveryArguments & { reply: OutboundReply },
): Promise<DeliveryReport> {
  const connector = connectorFor(args);
  if (!connector.sendReply) throw new Error(`${connector.platform} sends no replies`);
  const send = connector.sendReply;
  return deliverAndRecordHealth(args, "reply", () =>
    send(args.reply, { idempotencyKey: args.idempotencyKey }),
  );
}
