import { newId, OtklikError } from "@otklik/core";
import { type Executor, type Jobs, withTransaction } from "@otklik/db";
import { assertInScope, recordAudit, requirePermission } from "@otklik/identity";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { IncidentContext } from "../context.js";
import { replies, replyDeliveries, reporters } from "../schema.js";
import { deterministicUuid } from "../sla/sla-jobs.js";
import {
  addTimelineEntry,
  INCIDENT_NOT_FOUND,
  type IncidentRow,
  loadIncident,
} from "../storage/incident-record.js";

/** The queue that delivers public replies through the incident's channel. */
export const REPLY_DELIVERY_QUEUE = "incidents.reply-delivery";

/** A `sending` reply claimed longer ago than this was interrupted (the job's expiry is 15 minutes). */
export const INTERRUPTED_AFTER_MS = 20 * 60_000;

export const INTERRUPTED_REASON =
  "Отправка прервана: проверьте на площадке, дошёл ли ответ / Sending was interrupted: check on the platform whether the reply arrived";

export const UNKNOWN_REASON =
  "Результат отправки неизвестен: проверьте на площадке / The outcome is unknown: check on the platform";

/** The job id of a reply's delivery run `attempt` (0 for the first): each run is queued once. */
export function deliveryJobId(idempotencyKey: string, attempt: number): string {
  return deterministicUuid(attempt === 0 ? `reply|${idempotencyKey}` : `reply|${idempotencyKey}|${attempt}`);
}

/** One public reply's delivery to one reporter, with where it goes on the reporter's channel. */
export interface ReplyToDeliver {
  replyId: string;
  /** The delivery (one per reporter of the incident). */
  deliveryId: string;
  /** The reporter answered; null for an incident stored without a reporter row. */
  reporterId: string | null;
  incidentId: string;
  /** The reporter's channel: `platform`, `vk`, `telegram`, `max`, `ok`, `site`, `open311`. */
  channel: string | null;
  /** The item the reporter wrote on the channel (the platform's incident id, a VK comment `owner_id`). */
  externalId: string | null;
  /** Where it was written (a VK post `owner_post`, a Telegram chat), from the inbox item. */
  conversationId: string | null;
  /** The inbox item's kind: `comment`, `message`, `post`; null when it did not come through the inbox. */
  itemKind: string | null;
  text: string;
  attachments: { kind: string; url: string }[];
  /** The delivery's key; channels use it to never send twice. */
  idempotencyKey: string;
  /** 1 on the first delivery run. */
  attempt: number;
}

/** How a delivery run ended. */
export interface ReplyDeliveryResult {
  /**
   * `sent`: the channel has it; `published`: nothing to send (the citizen reads it where the channel
   * shows replies, e.g. the tracking page); `failed`: definitely not delivered (an operator may retry);
   * `unknown`: may or may not have arrived (never re-sent blindly); `retry_later`: a rate limit or a
   * temporary failure, queued again for `retryAt`.
   */
  state: "sent" | "published" | "failed" | "unknown" | "retry_later";
  reason?: string;
  retryAt?: Date;
  platformReplyId?: string;
}

/** What delivers a public reply through a channel; the app wires the connectors of `@otklik/channels`. */
export type ReplySender = (
  reply: ReplyToDeliver,
) => Promise<ReplyDeliveryResult | "sent" | "failed" | "unknown">;

/** The delivery job's data: one delivery, or (jobs queued before deliveries existed) every queued one of the reply. */
export interface ReplyDeliveryJob {
  replyId: string;
  deliveryId?: string;
}

/** The key of a reply's delivery to a reporter other than the incident's own (whose key is the reply's). */
export function reporterDeliveryKey(replyKey: string, reporterId: string): string {
  return `${replyKey}#${reporterId}`;
}

type DeliveryRecord = typeof replyDeliveries.$inferSelect;

/** A reply's delivery to one reporter, as the incident detail shows it. */
export interface ReplyDeliveryView {
  id: string;
  reporterId: string | null;
  channel: string;
  /** `queued`, `sending`, `sent`, `published`, `failed`, `unknown`. */
  state: string;
  /** Why it failed or is in doubt (Russian first); null when delivered or waiting. */
  error: string | null;
  attempts: number;
  sentAt: string | null;
}

export function toDeliveryView(row: DeliveryRecord): ReplyDeliveryView {
  return {
    id: row.id,
    reporterId: row.reporterId,
    channel: row.channel,
    state: row.state,
    error: row.error,
    attempts: row.attempts,
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

const DELIVERED = new Set(["sent", "published"]);
/** The reply's state is the least settled of its deliveries'. */
const STATE_ORDER = ["sending", "queued", "unknown", "failed", "sent", "published"];

/** What the reply row says of its deliveries (pure). */
export interface DeliverySummary {
  state: string;
  error: string | null;
  attempts: number;
  sentAt: Date | null;
  claimedAt: Date | null;
  platformReplyId: string | null;
}

/**
 * Sums a reply's deliveries up for the reply row: the least settled state (`sending`, `queued`,
 * `unknown`, `failed`, then `sent`, `published`), the reasons of those not delivered (one delivery:
 * its reason as is; several: «N из M получателей» and each channel's reason), the most runs, the
 * time the last was delivered once all are, and the incident's own reporter's channel id.
 */
export function summariseDeliveries(
  deliveries: readonly Pick<
    DeliveryRecord,
    "state" | "error" | "attempts" | "sentAt" | "claimedAt" | "platformReplyId" | "channel" | "idempotencyKey"
  >[],
  replyKey: string,
): DeliverySummary {
  const state =
    STATE_ORDER.find((candidate) => deliveries.some((delivery) => delivery.state === candidate)) ?? "queued";
  const problems = deliveries.filter((delivery) => !DELIVERED.has(delivery.state) && delivery.error);
  let error: string | null = null;
  if (deliveries.length === 1) error = problems[0]?.error ?? null;
  else if (problems.length > 0) {
    error =
      `${problems.length} из ${deliveries.length} получателей / ${problems.length} of ${deliveries.length} reporters: ` +
      problems.map((delivery) => `${delivery.channel}: ${delivery.error}`).join("; ");
  }
  const allDelivered = deliveries.length > 0 && deliveries.every((delivery) => DELIVERED.has(delivery.state));
  const times = (values: (Date | null)[]) =>
    values.filter((value): value is Date => value !== null).map((value) => value.getTime());
  const sentTimes = times(deliveries.map((delivery) => delivery.sentAt));
  const claimedTimes = times(
    deliveries.filter((delivery) => delivery.state === "sending").map((delivery) => delivery.claimedAt),
  );
  const own = deliveries.find((delivery) => delivery.idempotencyKey === replyKey);
  return {
    state,
    error,
    attempts: Math.max(0, ...deliveries.map((delivery) => delivery.attempts)),
    sentAt: allDelivered && sentTimes.length > 0 ? new Date(Math.max(...sentTimes)) : null,
    claimedAt: claimedTimes.length > 0 ? new Date(Math.max(...claimedTimes)) : null,
    platformReplyId:
      own?.platformReplyId ??
      deliveries.find((delivery) => delivery.platformReplyId)?.platformReplyId ??
      null,
  };
}

/** Locks a reply's row: every change to its deliveries runs under it, so the summary never goes stale. */
async function lockReply(tx: Executor, replyId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ idempotency_key: string }>(
    "SELECT idempotency_key FROM incident_replies WHERE id = $1 FOR UPDATE",
    [replyId],
  );
  return row?.idempotency_key;
}

/** Writes the summary of the reply's deliveries on the reply row (under {@link lockReply}). */
async function summariseReply(tx: Executor, replyId: string, replyKey: string): Promise<DeliverySummary> {
  const deliveries = await tx.drizzle
    .select()
    .from(replyDeliveries)
    .where(eq(replyDeliveries.replyId, replyId))
    .orderBy(asc(replyDeliveries.createdAt), asc(replyDeliveries.id));
  const summary = summariseDeliveries(deliveries, replyKey);
  await tx.drizzle
    .update(replies)
    .set({
      deliveryState: summary.state,
      deliveryError: summary.error,
      deliveryAttempts: summary.attempts,
      sentAt: summary.sentAt,
      deliveryClaimedAt: summary.claimedAt,
      platformReplyId: summary.platformReplyId,
    })
    .where(eq(replies.id, replyId));
  return summary;
}

/**
 * Stores a new public reply's deliveries, one per reporter of the incident — the incident's own
 * reporter under the reply's key, each reporter merged in from a duplicate under
 * {@link reporterDeliveryKey} — and queues a job for each, in the reply's transaction. An incident
 * without reporter rows gets one delivery to its own item.
 */
export async function queueReplyDeliveries(
  tx: Executor,
  context: Pick<IncidentContext, "jobs">,
  reply: { id: string; idempotencyKey: string; createdAt: Date },
  incident: Pick<IncidentRow, "id" | "channel" | "externalId">,
): Promise<ReplyDeliveryView[]> {
  const reporterRows = await tx.drizzle
    .select()
    .from(reporters)
    .where(eq(reporters.incidentId, incident.id))
    .orderBy(asc(reporters.reportedAt), asc(reporters.id));
  const own = reporterRows.find((reporter) => reporter.originalIncidentId === incident.id);
  const targets =
    reporterRows.length === 0
      ? [
          {
            reporterId: null,
            channel: incident.channel,
            externalId: incident.externalId,
            key: reply.idempotencyKey,
          },
        ]
      : reporterRows.map((reporter) => ({
          reporterId: reporter.id,
          channel: reporter.channel,
          externalId: reporter.externalId,
          key:
            reporter === own ? reply.idempotencyKey : reporterDeliveryKey(reply.idempotencyKey, reporter.id),
        }));
  const stored = await tx.drizzle
    .insert(replyDeliveries)
    .values(
      targets.map((target) => ({
        id: newId("rdl", reply.createdAt),
        replyId: reply.id,
        incidentId: incident.id,
        reporterId: target.reporterId,
        channel: target.channel,
        externalId: target.externalId,
        idempotencyKey: target.key,
        state: "queued",
        createdAt: reply.createdAt,
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (stored.length !== targets.length) {
    throw new OtklikError("conflict", "Ключ идемпотентности уже использован / Idempotency key already used", {
      details: [{ path: ["idempotencyKey"], message: "already used by another delivery" }],
    });
  }
  if (context.jobs) {
    for (const delivery of stored) {
      const job: ReplyDeliveryJob = { replyId: reply.id, deliveryId: delivery.id };
      await context.jobs.send(REPLY_DELIVERY_QUEUE, job, {
        tx,
        id: deliveryJobId(delivery.idempotencyKey, 0),
      });
    }
  }
  return stored.map(toDeliveryView);
}

interface DeliveryRow extends Record<string, unknown> {
  id: string;
  reply_id: string;
  incident_id: string;
  reporter_id: string | null;
  channel: string;
  external_id: string | null;
  idempotency_key: string;
  state: string;
  text: string;
  attachments: { kind: string; url: string }[];
  conversation_id: string | null;
  item_kind: string | null;
}

/**
 * Delivers a public reply (the job handler): its delivery `deliveryId`, or every queued delivery of
 * the reply — one per reporter, each to the reporter's own origin. Each delivery is claimed first
 * (`queued` → `sending`, one worker wins), so a job that runs twice never sends twice, and a crash
 * mid-send leaves `sending`, which the start-up sweep turns into `unknown` — never a blind second
 * send. The result, the reason of a failure and the channel's id of the delivered reply are recorded
 * on the delivery and summed up on the reply; a `retry_later` puts the delivery back to `queued` with
 * a new job at `retryAt`. Answers the reply's summed-up state.
 */
export async function deliverReply(
  context: Pick<IncidentContext, "db" | "clock" | "jobs">,
  replyId: string,
  send: ReplySender,
  options: { deliveryId?: string } = {},
): Promise<string> {
  const rows = await context.db.query<DeliveryRow>(
    `SELECT d.id, d.reply_id, d.incident_id, d.reporter_id, d.channel, d.external_id, d.idempotency_key,
            d.state, r.text, r.attachments, ii.conversation_id, ii.kind AS item_kind
       FROM incident_reply_deliveries d
       JOIN incident_replies r ON r.id = d.reply_id
       LEFT JOIN incident_inbox ii ON ii.channel = d.channel AND ii.external_id = d.external_id
      WHERE d.reply_id = $1 AND r.visibility = 'public' AND ($2::text IS NULL OR d.id = $2::text)
      ORDER BY d.created_at, d.id`,
    [replyId, options.deliveryId ?? null],
  );
  for (const row of rows) {
    if (row.state === "queued") await deliverOne(context, row, send);
  }
  const [reply] = await context.db.query<{ delivery_state: string }>(
    "SELECT delivery_state FROM incident_replies WHERE id = $1 AND visibility = 'public'",
    [replyId],
  );
  return reply?.delivery_state ?? "missing";
}

async function deliverOne(
  context: Pick<IncidentContext, "db" | "clock" | "jobs">,
  row: DeliveryRow,
  send: ReplySender,
): Promise<void> {
  const attempt = await withTransaction(context.db, async (tx) => {
    const replyKey = await lockReply(tx, row.reply_id);
    const claimed = await tx.query<{ attempts: number }>(
      `UPDATE incident_reply_deliveries SET state = 'sending', claimed_at = $2, attempts = attempts + 1
        WHERE id = $1 AND state = 'queued' RETURNING attempts`,
      [row.id, context.clock.now()],
    );
    if (claimed[0] === undefined || replyKey === undefined) return undefined;
    await summariseReply(tx, row.reply_id, replyKey);
    return claimed[0].attempts;
  });
  if (attempt === undefined) return;
  let result: ReplyDeliveryResult;
  try {
    const answer = await send({
      replyId: row.reply_id,
      deliveryId: row.id,
      reporterId: row.reporter_id,
      incidentId: row.incident_id,
      channel: row.channel,
      externalId: row.external_id,
      conversationId: row.conversation_id,
      itemKind: row.item_kind,
      text: row.text,
      attachments: row.attachments,
      idempotencyKey: row.idempotency_key,
      attempt,
    });
    result = typeof answer === "string" ? { state: answer } : answer;
  } catch (error) {
    // Whatever the sender threw after the request may have left: in doubt, never re-send blindly.
    result = { state: "unknown", reason: `${UNKNOWN_REASON}: ${(error as Error).message ?? String(error)}` };
  }
  const now = context.clock.now();
  const delivered = result.state === "sent" || result.state === "published";
  const reason = delivered
    ? null
    : (result.reason ?? (result.state === "unknown" ? UNKNOWN_REASON : "Не доставлено / Not delivered"));
  await withTransaction(context.db, async (tx) => {
    const replyKey = (await lockReply(tx, row.reply_id)) ?? row.idempotency_key;
    if (result.state === "retry_later") {
      await tx.query("UPDATE incident_reply_deliveries SET state = 'queued', error = $2 WHERE id = $1", [
        row.id,
        reason,
      ]);
    } else {
      await tx.query(
        `UPDATE incident_reply_deliveries SET state = $2, error = $3, sent_at = $4,
                platform_reply_id = coalesce($5, platform_reply_id)
          WHERE id = $1`,
        [row.id, result.state, reason, delivered ? now : null, result.platformReplyId ?? null],
      );
    }
    await summariseReply(tx, row.reply_id, replyKey);
  });
  if (result.state === "retry_later" && context.jobs) {
    const job: ReplyDeliveryJob = { replyId: row.reply_id, deliveryId: row.id };
    await context.jobs.send(REPLY_DELIVERY_QUEUE, job, {
      id: deliveryJobId(row.idempotency_key, attempt),
      startAfter: result.retryAt ?? 30,
    });
  }
}

/**
 * The start-up sweep of reply deliveries: a delivery left `sending` longer than
 * {@link INTERRUPTED_AFTER_MS} (its process died mid-send) becomes `unknown` — a person checks the
 * channel, it is never re-sent blindly; every `queued` delivery gets its job (one queued while no job
 * runner ran, or whose job was lost). Answers how many deliveries of each.
 */
export async function sweepReplyDeliveries(
  context: Pick<IncidentContext, "db" | "clock">,
  jobs: Jobs,
): Promise<{ interrupted: number; queued: number }> {
  const now = context.clock.now();
  const cutoff = new Date(now.getTime() - INTERRUPTED_AFTER_MS);
  const stale = await context.db.query<{ reply_id: string }>(
    `SELECT DISTINCT reply_id FROM incident_reply_deliveries WHERE state = 'sending' AND claimed_at < $1`,
    [cutoff],
  );
  let interrupted = 0;
  for (const { reply_id: replyId } of stale) {
    interrupted += await withTransaction(context.db, async (tx) => {
      const replyKey = await lockReply(tx, replyId);
      const changed = await tx.query(
        `UPDATE incident_reply_deliveries SET state = 'unknown', error = $3
          WHERE reply_id = $1 AND state = 'sending' AND claimed_at < $2 RETURNING id`,
        [replyId, cutoff, INTERRUPTED_REASON],
      );
      if (replyKey !== undefined) await summariseReply(tx, replyId, replyKey);
      return changed.length;
    });
  }
  const queued = await context.db.query<{
    id: string;
    reply_id: string;
    idempotency_key: string;
    attempts: number;
  }>("SELECT id, reply_id, idempotency_key, attempts FROM incident_reply_deliveries WHERE state = 'queued'");
  for (const delivery of queued) {
    const job: ReplyDeliveryJob = { replyId: delivery.reply_id, deliveryId: delivery.id };
    await jobs.send(REPLY_DELIVERY_QUEUE, job, {
      id: deliveryJobId(delivery.idempotency_key, delivery.attempts),
    });
  }
  return { interrupted, queued: queued.length };
}

/**
 * An operator sends a reply again to the reporters whose delivery definitely failed (`failed`:
 * nothing reached them — a revoked token, no connection configured). A delivery whose outcome is
 * `unknown` is left alone: it may have arrived, and a person checks the channel first; with nothing
 * `failed` the retry is refused (409). Each retried delivery is a new run under its own key, so the
 * channel still never gets it twice.
 */
export async function retryReplyDelivery(
  context: IncidentContext,
  incidentId: string,
  replyId: string,
): Promise<{
  replyId: string;
  deliveryState: string;
  deliveryAttempts: number;
  retriedDeliveryIds: string[];
}> {
  const readScope = requirePermission(context.actor, "incident:read");
  return withTransaction(context.db, async (tx: Executor) => {
    const incident = await loadIncident(tx, incidentId);
    assertInScope(readScope, incident.departmentId, INCIDENT_NOT_FOUND);
    const scope = requirePermission(context.actor, "incident:reply");
    assertInScope(scope, incident.departmentId, INCIDENT_NOT_FOUND);
    const [reply] = await tx.drizzle
      .select()
      .from(replies)
      .where(
        and(eq(replies.id, replyId), eq(replies.incidentId, incidentId), eq(replies.visibility, "public")),
      )
      .for("update");
    if (!reply) throw new OtklikError("not_found", "Ответ не найден / Reply not found");
    const deliveries = await tx.drizzle
      .select()
      .from(replyDeliveries)
      .where(eq(replyDeliveries.replyId, replyId))
      .orderBy(asc(replyDeliveries.createdAt), asc(replyDeliveries.id));
    const failed = deliveries.filter((delivery) => delivery.state === "failed");
    if (failed.length === 0) {
      const why = deliveries.some((delivery) => delivery.state === "unknown")
        ? "результат отправки неизвестен — проверьте на площадке, ответ мог дойти / the outcome is unknown: it may have arrived, check the channel first"
        : `состояние «${reply.deliveryState}» / state ${reply.deliveryState}`;
      throw new OtklikError(
        "conflict",
        `Повторить можно только неудавшуюся отправку: ${why} / Only a failed delivery can be retried`,
        { details: [{ path: ["deliveryState"], message: reply.deliveryState }] },
      );
    }
    await tx.drizzle
      .update(replyDeliveries)
      .set({ state: "queued" })
      .where(
        inArray(
          replyDeliveries.id,
          failed.map((delivery) => delivery.id),
        ),
      );
    const summary = await summariseReply(tx, replyId, reply.idempotencyKey);
    const now = context.clock.now();
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "reply-retry",
      data: {
        replyId,
        deliveryIds: failed.map((delivery) => delivery.id),
        previousError: reply.deliveryError,
        attempt: reply.deliveryAttempts + 1,
      },
    });
    await recordAudit(tx, context, {
      action: "incident.reply-retry",
      objectType: "incident",
      objectId: incidentId,
      departmentId: incident.departmentId,
      after: { replyId, deliveryIds: failed.map((delivery) => delivery.id) },
    });
    if (context.jobs) {
      for (const delivery of failed) {
        const job: ReplyDeliveryJob = { replyId, deliveryId: delivery.id };
        await context.jobs.send(REPLY_DELIVERY_QUEUE, job, {
          tx,
          id: deliveryJobId(delivery.idempotencyKey, delivery.attempts),
        });
      }
    }
    return {
      replyId,
      deliveryState: summary.state,
      deliveryAttempts: summary.attempts,
      retriedDeliveryIds: failed.map((delivery) => delivery.id),
    };
  });
}
