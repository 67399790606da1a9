import type { Clock } from "@otklik/core";
import type { Connector, LostDeliveryQuery } from "../connector/connector.js";
import type { PublishedItem } from "../connector/outbound.js";
import type { ChannelsDatabase } from "../database/sql.js";
import { finishAttempt, insertAttempt, listAttempts } from "./attempts.js";
import { deliveryStateOf } from "./deliver.js";

/** What checking an unknown delivery found. */
export type ResolutionReport =
  | { state: "sent"; item: PublishedItem }
  /** Not on the platform, or the platform cannot be asked: a person decides (`releaseUnknownDelivery`). */
  | { state: "needs_person"; reason: "not_found" | "cannot_check" }
  | { state: "not_unknown" };

/**
 * Settles a delivery whose outcome is unknown by asking the platform (`findLostDelivery`). Found:
 * the delivery is sent, with the platform's ids. Not found or not checkable: it stays blocked and
 * is left for a person, because "not found yet" can also mean "still being processed".
 */
export async function resolveUnknownDelivery(args: {
  db: ChannelsDatabase;
  clock: Clock;
  connector: Connector;
  connectionId: string;
  query: LostDeliveryQuery;
}): Promise<ResolutionReport> {
  const attempts = await listAttempts(args.db, args.query.idempotencyKey);
  if (deliveryStateOf(attempts) !== "blocked") return { state: "not_unknown" };
  const found = args.connector.findLostDelivery ? await args.connector.findLostDelivery(args.query) : null;
  const attemptNumber = (attempts.at(-1)?.attemptNumber ?? 0) + 1;
  const base = {
    connectionId: args.connectionId,
    operation: "check",
    idempotencyKey: args.query.idempotencyKey,
    attemptNumber,
  };
  if (found) {
    const id = await insertAttempt(args.db, args.clock, { ...base, outcome: "found" });
    await finishAttempt(args.db, args.clock, id, { outcome: "found", item: found });
    return { state: "sent", item: found };
  }
  const id = await insertAttempt(args.db, args.clock, { ...base, outcome: "not_found" });
  await finishAttempt(args.db, args.clock, id, { outcome: "not_found" });
  return { state: "needs_person", reason: found === null ? "cannot_check" : "not_found" };
}

/**
 * A person has looked and decided the item is not on the platform: the next `deliver` may send
 * it again. Recorded as an attempt of its own, with who decided in the operation.
 */
export async function releaseUnknownDelivery(args: {
  db: ChannelsDatabase;
  clock: Clock;
  connectionId: string;
  idempotencyKey: string;
  releasedBy: string;
}): Promise<void> {
  const attempts = await listAttempts(args.db, args.idempotencyKey);
  const attemptNumber = (attempts.at(-1)?.attemptNumber ?? 0) + 1;
  const id = await insertAttempt(args.db, args.clock, {
    connectionId: args.connectionId,
    operation: `release:${args.releasedBy}`,
    idempotencyKey: args.idempotencyKey,
    attemptNumber,
    outcome: "released",
  });
  await finishAttempt(args.db, args.clock, id, { outcome: "released" });
}
