import { newId, OtklikError } from "@otklik/core";
import { emit, withTransaction } from "@otklik/db";
import { assertInScope, recordAudit, requirePermission } from "@otklik/identity";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { linkReplyToRequest } from "../department-requests/department-requests.js";
import { IncidentReplyPublished } from "../events.js";
import { recordPublicReply } from "../lifecycle/facts.js";
import { Attachment } from "../lifecycle/states.js";
import { checkReply, type ReplyWarning } from "../replies/reply-check.js";
import { incidents, replies } from "../schema.js";
import { evaluateIncidentSla, slaSettings, slaSummary, storableSlaEvents } from "../sla/sla-evaluation.js";
import {
  addTimelineEntry,
  assertVersion,
  INCIDENT_NOT_FOUND,
  loadIncident,
} from "../storage/incident-record.js";
import { lifecycleState } from "./change-status.js";
import { queueReplyDeliveries } from "./deliver-reply.js";

/** A public reply to the citizen. */
export const ReplyInput = z.object({
  text: z.string().trim().min(1).max(20_000),
  attachments: z.array(Attachment).max(20).default([]),
  /** Send despite the reply check's warnings. */
  force: z.boolean().default(false),
  /** The client's key: the same key twice is one reply, sent once. */
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
  version: z.number().int().nonnegative().optional(),
  /** The department request whose answer this reply was written from (see `answerDepartmentRequest`). */
  departmentRequestId: z.string().trim().min(1).max(64).optional(),
});
export type ReplyInput = z.input<typeof ReplyInput>;

/** A stored reply, as the API answers it. */
export interface ReplyView {
  id: string;
  visibility: "public" | "internal";
  text: string;
  attachments: { kind: string; url: string }[];
  channel: string | null;
  deliveryState: string;
  /** Why the last delivery failed or is in doubt, Russian first. */
  deliveryError: string | null;
  deliveryAttempts: number;
  createdAt: string;
  sentAt: string | null;
}

/** What replying answers: the reply when it was accepted, and the check's warnings in any case. */
export interface ReplyOutcome {
  reply: ReplyView | null;
  warnings: ReplyWarning[];
  /** False when warnings stopped it (send again with `force`). */
  accepted: boolean;
}

function toReplyView(row: typeof replies.$inferSelect): ReplyView {
  return {
    id: row.id,
    visibility: row.visibility as "public" | "internal",
    text: row.text,
    attachments: row.attachments,
    channel: row.channel,
    deliveryState: row.deliveryState,
    deliveryError: row.deliveryError,
    deliveryAttempts: row.deliveryAttempts,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/**
 * Replies publicly to the citizens: to every reporter of the incident (a merged incident keeps the
 * reporters of its duplicates) where they wrote — one delivery each. The reply check runs first: with
 * warnings and without `force`, nothing is stored and the warnings are answered. An accepted reply is
 * stored with its idempotency key (the same key again answers the same reply, and nothing is sent
 * twice), its deliveries queued as durable jobs in the same transaction; it stops the first-reply
 * clock and emits `IncidentReplyPublished`.
 */
export async function replyToIncident(
  context: IncidentContext,
  incidentId: string,
  rawInput: ReplyInput,
): Promise<ReplyOutcome> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = ReplyInput.parse(rawInput);
  const warnings = checkReply({
    text: input.text,
    attachmentCount: input.attachments.filter((item) =>
      ["photo", "video", "acceptance-act"].includes(item.kind),
    ).length,
  });
  return withTransaction(context.db, async (tx) => {
    const row = await loadIncident(tx, incidentId, { forUpdate: true });
    assertInScope(readScope, row.departmentId, INCIDENT_NOT_FOUND);
    const scope = requirePermission(context.actor, "incident:reply");
    assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
    if (input.idempotencyKey) {
      const [existing] = await tx.drizzle
        .select()
        .from(replies)
        .where(and(eq(replies.idempotencyKey, input.idempotencyKey), eq(replies.incidentId, incidentId)));
      if (existing) return { reply: toReplyView(existing), warnings, accepted: true };
    }
    if (warnings.length > 0 && !input.force) return { reply: null, warnings, accepted: false };
    assertVersion(row, input.version);
    if (row.mergedIntoId) {
      throw new OtklikError(
        "conflict",
        "Обращение объединено с другим: отвечайте там / Merged into another incident: reply there",
      );
    }
    const now = context.clock.now();
    const id = newId("rpl", now);
    const [stored] = await tx.drizzle
      .insert(replies)
      .values({
        id,
        incidentId,
        visibility: "public",
        text: input.text,
        attachments: input.attachments,
        channel: row.channel,
        deliveryState: "queued",
        idempotencyKey: input.idempotencyKey ?? id,
        warnings: warnings.map((warning) => warning.code),
        authorId: context.actor.kind === "user" ? context.actor.userId : "system",
        createdAt: now,
        departmentRequestId: input.departmentRequestId ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!stored)
      throw new OtklikError(
        "conflict",
        "Ключ идемпотентности уже использован / Idempotency key already used",
      );
    if (input.departmentRequestId) {
      await linkReplyToRequest(tx, incidentId, input.departmentRequestId, id);
    }
    const fact = recordPublicReply(lifecycleState(row), now, { onPlatform: row.channel === "platform" });
    const slaEvents = [...row.slaEvents, ...storableSlaEvents(fact.slaEvents)];
    const summary = slaSummary(evaluateIncidentSla(slaSettings(context), slaEvents, now));
    await tx.drizzle
      .update(incidents)
      .set({
        firstPublicReplyAt: fact.incident.firstPublicReplyAt,
        version: row.version + 1,
        slaEvents,
        ...summary,
        updatedAt: now,
      })
      .where(eq(incidents.id, incidentId));
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "reply",
      comment: input.text,
      media: input.attachments,
      data: {
        replyId: id,
        forced: warnings.length > 0,
        warnings: warnings.map((warning) => warning.code),
        ...(input.departmentRequestId ? { departmentRequestId: input.departmentRequestId } : {}),
      },
    });
    await recordAudit(tx, context, {
      action: "incident.reply",
      objectType: "incident",
      objectId: incidentId,
      departmentId: row.departmentId,
      after: { replyId: id, channel: row.channel, warnings: warnings.map((warning) => warning.code) },
    });
    await emit(
      tx,
      IncidentReplyPublished,
      { incidentId, replyId: id, channel: row.channel },
      { clock: context.clock },
    );
    // One delivery per reporter (a merged incident keeps them all), each to the reporter's own origin.
    await queueReplyDeliveries(tx, context, stored, row);
    return { reply: toReplyView(stored), warnings, accepted: true };
  });
}

/** An internal note: seen by staff only, never sent. */
export const NoteInput = z.object({
  text: z.string().trim().min(1).max(20_000),
  attachments: z.array(Attachment).max(20).default([]),
});
export type NoteInput = z.input<typeof NoteInput>;

/** Adds an internal note to an incident (operators, and the department's executors and head). */
export async function addInternalNote(
  context: IncidentContext,
  incidentId: string,
  rawInput: NoteInput,
): Promise<ReplyView> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = NoteInput.parse(rawInput);
  return withTransaction(context.db, async (tx) => {
    const row = await loadIncident(tx, incidentId);
    assertInScope(readScope, row.departmentId, INCIDENT_NOT_FOUND);
    const scope = requirePermission(context.actor, "incident:note");
    assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
    const now = context.clock.now();
    const id = newId("rpl", now);
    const [stored] = await tx.drizzle
      .insert(replies)
      .values({
        id,
        incidentId,
        visibility: "internal",
        text: input.text,
        attachments: input.attachments,
        channel: null,
        deliveryState: "none",
        idempotencyKey: id,
        warnings: [],
        authorId: context.actor.kind === "user" ? context.actor.userId : "system",
        createdAt: now,
      })
      .returning();
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "note",
      comment: input.text,
      media: input.attachments,
      data: { replyId: id },
    });
    await recordAudit(tx, context, {
      action: "incident.note",
      objectType: "incident",
      objectId: incidentId,
      departmentId: row.departmentId,
      after: { replyId: id },
    });
    return toReplyView(stored as typeof replies.$inferSelect);
  });
}
