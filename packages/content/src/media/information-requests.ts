import { conflict, IsoInstant, NonEmptyText, newId, notFound, OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { actorId, recordAudit, requirePermission } from "@otklik/identity";
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { informationRequests } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";

const DAY = 24 * 60 * 60_000;
/** Mass Media Law, art. 39: the answer is due within seven days. */
export const ANSWER_DAYS = 7;
/** Mass Media Law, art. 40: a deferral (or refusal) is notified within three days. */
export const DEFERRAL_NOTICE_DAYS = 3;

export const InformationRequestState = z.enum(["open", "deferred", "answered", "refused"]);

/** An editorial request for information and its deadlines. */
export const InformationRequest = z.object({
  id: z.string(),
  outlet: z.string(),
  journalistId: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  state: InformationRequestState,
  receivedAt: z.string(),
  answerDueAt: z.string(),
  deferralDueAt: z.string(),
  deferredUntil: z.string().nullable(),
  deferralReason: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** Past the deadline that applies now (the deferral date once deferred) and not answered. */
  overdue: z.boolean(),
});
export type InformationRequest = z.infer<typeof InformationRequest>;

export const NewInformationRequest = z.object({
  outlet: NonEmptyText.max(300),
  journalistId: z.string().min(1).max(64).optional(),
  subject: NonEmptyText.max(300),
  text: NonEmptyText.max(20_000),
  /** When the request arrived (default: now). The deadlines count from here. */
  receivedAt: IsoInstant.optional(),
});
export type NewInformationRequest = z.input<typeof NewInformationRequest>;

export const DeferralInput = z.object({ until: IsoInstant, reason: NonEmptyText.max(2000) });
export type DeferralInput = z.input<typeof DeferralInput>;

export const RequestAnswerInput = z.object({
  answer: NonEmptyText.max(50_000),
  /** A refusal (art. 40): the information is a protected secret; the reason goes in `answer`. */
  refused: z.boolean().default(false),
});
export type RequestAnswerInput = z.input<typeof RequestAnswerInput>;

type RequestRow = typeof informationRequests.$inferSelect;

function toRequest(row: RequestRow, now: Date): InformationRequest {
  const due = row.state === "deferred" && row.deferredUntil ? row.deferredUntil : row.answerDueAt;
  return {
    id: row.id,
    outlet: row.outlet,
    journalistId: row.journalistId,
    subject: row.subject,
    text: row.text,
    state: row.state as InformationRequest["state"],
    receivedAt: row.receivedAt.toISOString(),
    answerDueAt: row.answerDueAt.toISOString(),
    deferralDueAt: row.deferralDueAt.toISOString(),
    deferredUntil: row.deferredUntil?.toISOString() ?? null,
    deferralReason: row.deferralReason,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    overdue: (row.state === "open" || row.state === "deferred") && now > due,
  };
}

/** Registers an editorial request; the answer is due in 7 days, a deferral notice in 3. */
export async function registerInformationRequest(
  context: ContentContext,
  input: NewInformationRequest,
): Promise<InformationRequest> {
  requirePermission(context.actor, "publication:edit");
  const fields = parseInput(NewInformationRequest, input);
  const now = context.clock.now();
  const receivedAt = fields.receivedAt ?? now;
  const [row] = await context.db.drizzle
    .insert(informationRequests)
    .values({
      id: newId("irq", now),
      outlet: fields.outlet,
      journalistId: fields.journalistId ?? null,
      subject: fields.subject,
      text: fields.text,
      receivedAt,
      answerDueAt: new Date(receivedAt.getTime() + ANSWER_DAYS * DAY),
      deferralDueAt: new Date(receivedAt.getTime() + DEFERRAL_NOTICE_DAYS * DAY),
      state: "open",
    })
    .returning();
  return toRequest(row!, now);
}

async function changeRequest(
  context: ContentContext,
  id: string,
  action: string,
  change: (row: RequestRow, now: Date) => Partial<RequestRow>,
): Promise<InformationRequest> {
  requirePermission(context.actor, "publication:edit");
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle
      .select()
      .from(informationRequests)
      .where(eq(informationRequests.id, id))
      .for("update");
    if (!row) throw notFound(`Запрос / Request ${id}`);
    const [updated] = await tx.drizzle
      .update(informationRequests)
      .set({ ...change(row, now), handledBy: actorId(context.actor) })
      .where(eq(informationRequests.id, id))
      .returning();
    await recordAudit(tx, context, {
      action,
      objectType: "information_request",
      objectId: id,
      before: { state: row.state },
      after: { state: updated!.state },
    });
    return toRequest(updated!, now);
  });
}

/** Notifies a deferral: allowed only within 3 days of receipt, naming the date of the answer. */
export function deferInformationRequest(
  context: ContentContext,
  id: string,
  input: DeferralInput,
): Promise<InformationRequest> {
  const { until, reason } = parseInput(DeferralInput, input);
  return changeRequest(context, id, "information_request.defer", (row, now) => {
    if (row.state !== "open") throw conflict(`Запрос уже ${row.state} / The request is ${row.state}`);
    if (now > row.deferralDueAt) {
      throw conflict(
        "Срок уведомления об отсрочке (3 дня) прошёл / The 3-day deferral notice period has passed",
      );
    }
    if (until <= row.answerDueAt) {
      throw new OtklikError(
        "validation_failed",
        "Отсрочка — на срок после 7 дней / A deferral moves past the 7 days",
        {
          details: [{ path: ["until"], message: "must be after the answer due date" }],
        },
      );
    }
    return { state: "deferred", deferredUntil: until, deferralReason: reason, deferredAt: now };
  });
}

/** Records the answer (or a reasoned refusal). */
export function answerInformationRequest(
  context: ContentContext,
  id: string,
  input: RequestAnswerInput,
): Promise<InformationRequest> {
  const { answer, refused } = parseInput(RequestAnswerInput, input);
  return changeRequest(context, id, "information_request.answer", (row, now) => {
    if (row.state !== "open" && row.state !== "deferred")
      throw conflict("Запрос уже закрыт / The request is closed");
    return { state: refused ? "refused" : "answered", answer, answeredAt: now };
  });
}

export const InformationRequestQuery = z.object({ open: z.enum(["true", "false"]).optional() });
export type InformationRequestQuery = z.input<typeof InformationRequestQuery>;

/** The register of requests, earliest deadline first; `open=true` for the ones still to answer. */
export async function listInformationRequests(
  context: ContentContext,
  query: InformationRequestQuery = {},
): Promise<InformationRequest[]> {
  requirePermission(context.actor, "publication:edit");
  const { open } = parseInput(InformationRequestQuery, query);
  const rows = await context.db.drizzle
    .select()
    .from(informationRequests)
    .where(open === "true" ? inArray(informationRequests.state, ["open", "deferred"]) : undefined)
    .orderBy(asc(informationRequests.answerDueAt));
  const now = context.clock.now();
  return rows.map((row) => toRequest(row, now));
}
