import type { Clock } from "@otklik/core";
import type { Connector } from "../connector/connector.js";
import type { OutboundPost, OutboundReply, PublishedItem } from "../connector/outbound.js";
import type { ChannelsDatabase } from "../database/sql.js";
import { listAttempts } from "../delivery/attempts.js";
import { createDatabaseThrottle, type Sleep } from "../delivery/database-throttle.js";
import { type DeliveryReport, deliver } from "../delivery/deliver.js";
import type { ChannelsLogger } from "../delivery/logger.js";
import { redactSecrets } from "../delivery/redact.js";
import { resolveUnknownDelivery } from "../delivery/resolve-unknown.js";
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

/**
 * Publishes a post through a stored connection, with rate limits, safe retries and recorded attempts.
 *
 * A post whose outcome is unknown — the platform did not answer in time, or the process was killed
 * while the call was out (its attempt is left `in_flight`) — is never sent again. Where the platform
 * can be searched (VK, OK, MAX: `findLostDelivery`), the page is looked at once, here: a post found there
 * is recorded as sent with its ids; one not found stays `unknown` for a person, because it may still
 * appear, or may never have left.
 */
export async function publishThroughConnection(
  args: ConnectionDeliveryArguments & { post: OutboundPost },
): Promise<DeliveryReport> {
  const connector = connectorFor(args);
  if (!connector.publishPost) throw new Error(`${connector.platform} publishes no posts`);
  const publish = connector.publishPost;
  const report = await deliverAndRecordHealth(args, "publish", () =>
    publish(args.post, { idempotencyKey: args.idempotencyKey }),
  );
  if (report.state !== "unknown" || !connector.findLostDelivery) return report;
  return (await lookForLostPost(args, connector)) ?? report;
}

async function lookForLostPost(
  args: ConnectionDeliveryArguments & { post: OutboundPost },
  connector: Connector,
): Promise<DeliveryReport | undefined> {
  const attempts = await listAttempts(args.db, args.idempotencyKey);
  const lost = attempts.findLast(
    (attempt) => attempt.outcome === "in_flight" || attempt.outcome === "unknown",
  );
  if (!lost) return undefined;
  try {
    const resolution = await resolveUnknownDelivery({
      db: args.db,
      clock: args.clock,
      connector,
      connectionId: args.connection.id,
      query: {
        operation: "publish",
        text: args.post.text,
        idempotencyKey: args.idempotencyKey,
        sentAfter: lost.startedAt,
      },
    });
    if (resolution.state === "sent")
      return { state: "sent", item: resolution.item, attempts: attempts.length + 1 };
  } catch (error) {
    // The page could not be read now: the post stays unknown, as it was.
    args.logger?.warn(
      {
        connectionId: args.connection.id,
        idempotencyKey: args.idempotencyKey,
        error: redactSecrets(
          error instanceof Error ? error.message : String(error),
          secretValues(args.connection),
        ),
      },
      "could not look for a post whose outcome is unknown",
    );
  }
  return undefined;
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
