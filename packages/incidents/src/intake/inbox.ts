import type { SocialEvent } from "@otklik/channels";
import {
  decodeCursor,
  encodeCursor,
  newId,
  notFound,
  OtklikError,
  type Page,
  Pagination,
} from "@otklik/core";
import { emit, withTransaction } from "@otklik/db";
import { recordAudit, requirePermission } from "@otklik/identity";
import { and, asc, eq, gt, isNull, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { IncidentCitizenWroteAgain } from "../events.js";
import { inboxItems, incidents } from "../schema.js";
import { addTimelineEntry } from "../storage/incident-record.js";
import { createIncidentInTransaction } from "./create-incident.js";

/** An inbox item as the desk sees it. */
export interface InboxItem {
  id: string;
  channel: string;
  externalId: string;
  kind: string;
  text: string;
  authorName: string | null;
  url: string | null;
  occurredAt: string;
  receivedAt: string;
  edited: boolean;
  deleted: boolean;
  decision: string | null;
  decisionReason: string | null;
  incidentId: string | null;
}

function toInboxItem(row: typeof inboxItems.$inferSelect): InboxItem {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.externalId,
    kind: row.kind,
    text: row.text,
    authorName: row.authorName,
    url: row.url,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    edited: row.editedAt !== null,
    deleted: row.deletedAt !== null,
    decision: row.decision,
    decisionReason: row.decisionReason,
    incidentId: row.incidentId,
  };
}

const CLOSED = ["closed", "rejected"];

/**
 * Stores one event from a social page (VK, Telegram, MAX), already verified and parsed by
 * `@otklik/channels`, in the inbox. The same item twice (a re-delivered webhook) is stored once;
 * an edit or deletion marks the stored item. A citizen's reply in a thread that already belongs to
 * an open incident (same conversation and author, or a reply to an item of that incident) is joined
 * to the incident at once as a continuation. The channel's own posts are ignored.
 */
export async function receiveSocialEvent(
  context: IncidentContext,
  event: SocialEvent,
): Promise<{ inboxItemId: string | null; incidentId: string | null }> {
  if (event.kind === "post") return { inboxItemId: null, incidentId: null };
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    if (event.action !== "created") {
      const marks =
        event.action === "deleted"
          ? { deletedAt: now }
          : event.action === "restored"
            ? { deletedAt: null }
            : { editedAt: now, text: event.text };
      const [updated] = await tx.drizzle
        .update(inboxItems)
        .set(marks)
        .where(and(eq(inboxItems.channel, event.platform), eq(inboxItems.externalId, event.externalId)))
        .returning();
      if (updated) return { inboxItemId: updated.id, incidentId: updated.incidentId };
      if (event.action === "deleted") return { inboxItemId: null, incidentId: null };
    }
    const id = newId("inb", now);
    const [stored] = await tx.drizzle
      .insert(inboxItems)
      .values({
        id,
        channel: event.platform,
        externalId: event.externalId,
        kind: event.kind,
        conversationId: event.conversationId ?? null,
        replyToId: event.replyToId ?? null,
        authorId: event.author?.id ?? null,
        authorName: event.author?.name ?? null,
        authorUrl: event.author?.url ?? null,
        text: event.text,
        url: event.url ?? null,
        attachments: event.attachments,
        raw: event,
        occurredAt: new Date(event.occurredAt),
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!stored) {
      const [existing] = await tx.drizzle
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.channel, event.platform), eq(inboxItems.externalId, event.externalId)));
      return { inboxItemId: existing?.id ?? null, incidentId: existing?.incidentId ?? null };
    }
    const thread = await findOpenThreadIncident(tx, stored);
    if (thread) {
      await tx.drizzle
        .update(inboxItems)
        .set({
          decision: "continuation",
          decisionReason: "same-thread",
          incidentId: thread,
          decidedBy: "system:inbox-rule",
          decidedAt: now,
        })
        .where(eq(inboxItems.id, id));
      await addTimelineEntry(tx, {
        incidentId: thread,
        at: now,
        actor: context.actor,
        kind: "continuation",
        comment: event.text,
        data: { inboxItemId: id, channel: event.platform },
      });
      await emit(
        tx,
        IncidentCitizenWroteAgain,
        { incidentId: thread, inboxItemId: id, channel: event.platform },
        { clock: context.clock },
      );
      return { inboxItemId: id, incidentId: thread };
    }
    return { inboxItemId: id, incidentId: null };
  });
}

async function findOpenThreadIncident(
  tx: Parameters<Parameters<typeof withTransaction>[1]>[0],
  item: typeof inboxItems.$inferSelect,
): Promise<string | null> {
  const conditions = [];
  if (item.replyToId)
    conditions.push(and(eq(inboxItems.channel, item.channel), eq(inboxItems.externalId, item.replyToId)));
  if (item.conversationId && item.authorId) {
    conditions.push(
      and(
        eq(inboxItems.channel, item.channel),
        eq(inboxItems.conversationId, item.conversationId),
        eq(inboxItems.authorId, item.authorId),
      ),
    );
  }
  for (const condition of conditions) {
    const [found] = await tx.drizzle
      .select({ incidentId: incidents.id })
      .from(inboxItems)
      .innerJoin(incidents, eq(incidents.id, inboxItems.incidentId))
      .where(and(condition, notInArray(incidents.status, CLOSED), isNull(incidents.mergedIntoId)))
      .limit(1);
    if (found) return found.incidentId;
  }
  return null;
}

/** The inbox: undecided items first-come, first-served (`incident:triage`). */
export async function listInbox(
  context: IncidentContext,
  rawQuery: z.input<typeof Pagination>,
): Promise<Page<InboxItem>> {
  requirePermission(context.actor, "incident:triage");
  const query = Pagination.parse(rawQuery);
  const position = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await context.db.drizzle
    .select()
    .from(inboxItems)
    .where(
      and(
        isNull(inboxItems.decision),
        typeof position?.id === "string" ? gt(inboxItems.id, position.id) : undefined,
      ),
    )
    .orderBy(asc(inboxItems.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toInboxItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
  };
}

/** What the operator decides about an inbox item. */
export const InboxDecision = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("incident") }),
  z.object({ decision: z.literal("continuation"), incidentId: z.string().min(1).max(64) }),
  z.object({
    decision: z.literal("dismissed"),
    reason: z.enum(["spam", "abuse", "not-a-problem", "gratitude", "off-topic"]),
  }),
]);
export type InboxDecision = z.infer<typeof InboxDecision>;

/**
 * Decides an inbox item (`incident:triage`): registers it as a new incident, joins it to an
 * incident as a continuation, or dismisses it with a reason. An item is decided once.
 */
export async function decideInboxItem(
  context: IncidentContext,
  itemId: string,
  rawInput: InboxDecision,
): Promise<InboxItem> {
  requirePermission(context.actor, "incident:triage");
  const input = InboxDecision.parse(rawInput);
  return withTransaction(context.db, async (tx) => {
    const [item] = await tx.drizzle.select().from(inboxItems).where(eq(inboxItems.id, itemId)).for("update");
    if (!item) throw notFound("Сообщение / Inbox item");
    if (item.decision)
      throw new OtklikError("conflict", `Уже решено: ${item.decision} / Already decided: ${item.decision}`);
    const now = context.clock.now();
    let incidentId: string | null = null;
    let reason: string | null = null;
    if (input.decision === "incident") {
      const created = await createIncidentInTransaction(tx, context, {
        channel: item.channel,
        externalId: item.externalId,
        sourceNetwork: item.channel,
        sourceUrl: item.url,
        authorName: item.authorName,
        authorUrl: item.authorUrl,
        text: item.text,
        attachments: item.attachments,
        createdAt: item.occurredAt,
        sentAt: item.receivedAt,
      });
      incidentId = created.incident.id;
    } else if (input.decision === "continuation") {
      const [target] = await tx.drizzle
        .select({ id: incidents.id })
        .from(incidents)
        .where(eq(incidents.id, input.incidentId));
      if (!target) throw notFound("Обращение / Incident");
      incidentId = target.id;
      await addTimelineEntry(tx, {
        incidentId,
        at: now,
        actor: context.actor,
        kind: "continuation",
        comment: item.text,
        data: { inboxItemId: itemId, channel: item.channel },
      });
      await emit(
        tx,
        IncidentCitizenWroteAgain,
        { incidentId, inboxItemId: itemId, channel: item.channel },
        { clock: context.clock },
      );
    } else {
      reason = input.reason;
    }
    const decidedBy = context.actor.kind === "user" ? context.actor.userId : "system";
    const [updated] = await tx.drizzle
      .update(inboxItems)
      .set({ decision: input.decision, decisionReason: reason, incidentId, decidedBy, decidedAt: now })
      .where(eq(inboxItems.id, itemId))
      .returning();
    await recordAudit(tx, context, {
      action: `inbox.${input.decision}`,
      objectType: "inbox-item",
      objectId: itemId,
      after: { decision: input.decision, incidentId, reason },
    });
    return toInboxItem(updated ?? item);
  });
}
