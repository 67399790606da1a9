import type { Clock } from "@otklik/core";
import { type FailureKind, isDeliveryError } from "../connector/delivery-error.js";
import type { PublishedItem } from "../connector/outbound.js";
import { type ChannelsDatabase, inTransaction } from "../database/sql.js";
import { type DeliveryAttempt, finishAttempt, insertAttempt, listAttempts } from "./attempts.js";
import { realSleep, type Sleep } from "./database-throttle.js";
import { type ChannelsLogger, silentLogger } from "./logger.js";
import { redactSecrets } from "./redact.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";

/** How a delivery stands. */
export type DeliveryReport =
  | { state: "sent"; item: PublishedItem; attempts: number }
  | { state: "failed"; error: DeliveryFailureSummary; attempts: number }
  | { state: "retry_later"; retryAt: Date; error: DeliveryFailureSummary; attempts: number }
  /** The platform may or may not have it: never re-sent until checked or released by a person. */
  | { state: "unknown"; attempts: number };

/** A failure as recorded: never with a secret in it. */
export interface DeliveryFailureSummary {
  kind: FailureKind;
  code: string | undefined;
  message: string;
}

/** One delivery to run. */
export interface DeliverArguments {
  db: ChannelsDatabase;
  clock: Clock;
  connectionId: string;
  /** What is being done, for the record: `publish`, `reply`, `edit`, `delete`, `email`. */
  operation: string;
  /** The same key for every try of the same delivery, across jobs and processes. */
  idempotencyKey: string;
  /** The call itself; it gets the attempt number. */
  send: (attemptNumber: number) => Promise<PublishedItem>;
  /** Secrets to remove from anything recorded or logged (the connection's tokens). */
  secrets?: readonly string[];
  retryPolicy?: RetryPolicy;
  sleep?: Sleep;
  logger?: ChannelsLogger;
  random?: () => number;
}

/** The state a delivery's attempts add up to. */
export function deliveryStateOf(attempts: readonly DeliveryAttempt[]): "sent" | "blocked" | "open" {
  const last = attempts.at(-1);
  if (!last) return "open";
  if (last.outcome === "sent" || last.outcome === "found") return "sent";
  if (last.outcome === "unknown" || last.outcome === "in_flight" || last.outcome === "not_found")
    return "blocked";
  return "open";
}

function summarise(error: unknown, secrets: readonly string[]): DeliveryFailureSummary {
  if (isDeliveryError(error)) {
    return { kind: error.kind, code: error.platformCode, message: redactSecrets(error.message, secrets) };
  }
  // A failure we cannot classify (an answer we could not read) may follow a successful send.
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "unknown_outcome", code: undefined, message: redactSecrets(message, secrets) };
}

/**
 * Delivers once, whatever happens: records every attempt, retries only what is safe to retry
 * (with exponential backoff and jitter, honouring the platform's `retry_after`), and after a
 * timeout whose outcome is unknown stops and says so, so that a post is never published twice.
 * A delivery already sent answers `sent` without calling the platform again; one whose outcome is
 * unknown (or was interrupted by a crash) answers `unknown` until `resolveUnknownDelivery` settles it.
 */
export async function deliver(args: DeliverArguments): Promise<DeliveryReport> {
  const policy = args.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const sleep = args.sleep ?? realSleep;
  const logger = args.logger ?? silentLogger;
  const secrets = args.secrets ?? [];
  const fields = {
    connectionId: args.connectionId,
    operation: args.operation,
    idempotencyKey: args.idempotencyKey,
  };
  for (;;) {
    const start = await inTransaction(args.db, async (transaction) => {
      // One worker at a time decides about one delivery.
      await transaction.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `channels:${args.idempotencyKey}`,
      ]);
      const attempts = await listAttempts(transaction, args.idempotencyKey);
      const state = deliveryStateOf(attempts);
      if (state !== "open") return { state, attempts };
      const attemptNumber = (attempts.at(-1)?.attemptNumber ?? 0) + 1;
      const id = await insertAttempt(transaction, args.clock, {
        ...fields,
        attemptNumber,
        outcome: "in_flight",
      });
      return { state, attempts, attemptNumber, id };
    });
    if (start.state === "sent") {
      const last = start.attempts.at(-1)!;
      return {
        state: "sent",
        item: { platformId: last.platformId ?? "", platformIds: last.platformIds ?? {} },
        attempts: start.attempts.length,
      };
    }
    if (start.state === "blocked" || start.id === undefined || start.attemptNumber === undefined) {
      logger.warn(fields, "delivery outcome unknown: not sent again until checked");
      return { state: "unknown", attempts: start.attempts.length };
    }
    const { id, attemptNumber } = start;
    try {
      const item = await args.send(attemptNumber);
      await finishAttempt(args.db, args.clock, id, { outcome: "sent", item });
      logger.info({ ...fields, attemptNumber, platformId: item.platformId }, "delivered");
      return { state: "sent", item, attempts: attemptNumber };
    } catch (error) {
      const failure = summarise(error, secrets);
      const retryAfter = isDeliveryError(error) ? error.retryAfterMilliseconds : undefined;
      if (failure.kind === "unknown_outcome") {
        await finishAttempt(args.db, args.clock, id, { outcome: "unknown", error: failure });
        logger.warn(
          { ...fields, attemptNumber, code: failure.code, error: failure.message },
          "delivery outcome unknown",
        );
        return { state: "unknown", attempts: attemptNumber };
      }
      const retryable = failure.kind === "rate_limited" || failure.kind === "temporary";
      if (!retryable || attemptNumber >= policy.maxAttempts) {
        await finishAttempt(args.db, args.clock, id, { outcome: "failed", error: failure });
        logger.warn(
          { ...fields, attemptNumber, kind: failure.kind, code: failure.code, error: failure.message },
          "delivery failed",
        );
        return { state: "failed", error: failure, attempts: attemptNumber };
      }
      const delay = backoffDelay(policy, attemptNumber, retryAfter, args.random);
      const retryAt = new Date(args.clock.now().getTime() + delay);
      await finishAttempt(args.db, args.clock, id, { outcome: "retry_scheduled", error: failure, retryAt });
      logger.info(
        { ...fields, attemptNumber, kind: failure.kind, code: failure.code, retryInMilliseconds: delay },
        "delivery will be retried",
      );
      if (delay > policy.maxInlineWaitMilliseconds)
        return { state: "retry_later", retryAt, error: failure, attempts: attemptNumber };
      await sleep(delay);
    }
  }
}
