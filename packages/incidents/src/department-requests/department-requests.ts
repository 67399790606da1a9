import { fromZodError, newId, notFound, OtklikError } from "@otklik/core";
import { type Executor, emit, withTransaction } from "@otklik/db";
import { actorId, assertInScope, recordAudit, requirePermission, scopeToDepartment } from "@otklik/identity";
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { IncidentDepartmentAnswered, IncidentDepartmentRequested } from "../events.js";
import { Attachment } from "../lifecycle/states.js";
import { departmentRequests } from "../schema.js";
import { evaluateIncidentSla, slaSettings } from "../sla/sla-evaluation.js";
import { addTimelineEntry, INCIDENT_NOT_FOUND, loadIncident } from "../storage/incident-record.js";
import { requestDueTime } from "./request-due-time.js";

const REQUEST_NOT_FOUND = "Запрос в отдел / Department request";

/** Statuses in which nobody works on the incident any more: no new requests. */
const FINISHED = ["closed", "rejected", "forwarded"];

/** What the desk asks the department. */
export const NewDepartmentRequest = z.object({
  question: z
    .string({ error: "Сформулируйте вопрос отделу / Write the question to the department" })
    .trim()
    .min(3, { error: "Вопрос слишком короткий / The question is too short" })
    .max(5_000),
  /** The client's key: sending the same request again (a retry) answers the first one. */
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
});
export type NewDepartmentRequest = z.input<typeof NewDepartmentRequest>;

/** The department's answer: the substance the public reply is written from. */
export const DepartmentAnswer = z.object({
  answer: z
    .string({ error: "Напишите ответ по существу / Write the answer" })
    .trim()
    .min(3, { error: "Ответ слишком короткий / The answer is too short" })
    .max(20_000),
  attachments: z.array(Attachment).max(20).default([]),
});
export type DepartmentAnswer = z.input<typeof DepartmentAnswer>;

/** Which requests a department's queue shows. */
export const DepartmentRequestQuery = z.object({
  status: z.enum(["open", "answered"]).optional(),
  /** Only open requests past their due time. */
  overdue: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  departmentId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DepartmentRequestQuery = z.input<typeof DepartmentRequestQuery>;

/** A request as the desk and the department see it. */
export interface DepartmentRequestView {
  id: string;
  incidentId: string;
  departmentId: string;
  question: string;
  requestedBy: string;
  requestedAt: string;
  dueAt: string;
  slaMetric: string | null;
  slaDueAt: string | null;
  status: "open" | "answered";
  /** Open and past its due time. */
  overdue: boolean;
  answer: string | null;
  answerAttachments: { kind: string; url: string }[];
  answeredBy: string | null;
  answeredAt: string | null;
  /** Answered after the due time. */
  answeredLate: boolean;
  /** The public reply written from the answer. */
  replyId: string | null;
}

type RequestRow = typeof departmentRequests.$inferSelect;

function toView(row: RequestRow, now: Date): DepartmentRequestView {
  return {
    id: row.id,
    incidentId: row.incidentId,
    departmentId: row.departmentId,
    question: row.question,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    slaMetric: row.slaMetric,
    slaDueAt: row.slaDueAt?.toISOString() ?? null,
    status: row.status as "open" | "answered",
    overdue: row.status === "open" && row.dueAt < now,
    answer: row.answer,
    answerAttachments: row.answerAttachments,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    answeredLate: row.answeredAt !== null && row.answeredAt > row.dueAt,
    replyId: row.replyId,
  };
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * Asks the incident's department for the substance of the answer. The internal due time is a share
 * of the working time left to the SLA deadline that needs the substance (`requestDueTime`). Written
 * with its timeline and audit entries and the `IncidentDepartmentRequested` event (notifications
 * tell the department) in one transaction; the incident row is locked, so two operators asking at
 * once make two requests only when they mean to (the same idempotency key is one request).
 */
export async function requestDepartmentAnswer(
  context: IncidentContext,
  incidentId: string,
  rawInput: NewDepartmentRequest,
): Promise<{ request: DepartmentRequestView; created: boolean }> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = parse(NewDepartmentRequest, rawInput);
  return withTransaction(context.db, async (tx) => {
    const row = await loadIncident(tx, incidentId, { forUpdate: true });
    assertInScope(readScope, row.departmentId, INCIDENT_NOT_FOUND);
    const scope = requirePermission(context.actor, "incident:reply");
    assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
    const now = context.clock.now();
    if (input.idempotencyKey) {
      const [existing] = await tx.drizzle
        .select()
        .from(departmentRequests)
        .where(eq(departmentRequests.idempotencyKey, input.idempotencyKey));
      if (existing) {
        if (existing.incidentId !== incidentId) {
          throw new OtklikError(
            "conflict",
            "Ключ идемпотентности уже использован для другого обращения / Idempotency key already used for another incident",
          );
        }
        return { request: toView(existing, now), created: false };
      }
    }
    if (row.mergedIntoId) {
      throw new OtklikError(
        "conflict",
        "Обращение объединено с другим: запрашивайте там / Merged into another incident: ask there",
      );
    }
    if (FINISHED.includes(row.status)) {
      throw new OtklikError(
        "conflict",
        `Обращение в статусе «${row.status}»: запрос в отдел не нужен / The incident is ${row.status}: no department request`,
      );
    }
    if (!row.departmentId) {
      throw new OtklikError(
        "conflict",
        "Обращение ещё не направлено в отдел: сначала назначьте отдел / Assign the incident to a department first",
      );
    }
    const settings = slaSettings(context);
    const due = requestDueTime(settings, evaluateIncidentSla(settings, row.slaEvents, now), now);
    const id = newId("dqr", now);
    const requestedBy = actorId(context.actor);
    const [stored] = await tx.drizzle
      .insert(departmentRequests)
      .values({
        id,
        incidentId,
        departmentId: row.departmentId,
        question: input.question,
        requestedBy,
        requestedAt: now,
        dueAt: due.dueAt,
        slaMetric: due.slaMetric,
        slaDueAt: due.slaDueAt,
        status: "open",
        answerAttachments: [],
        idempotencyKey: input.idempotencyKey ?? id,
      })
      .returning();
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "department-request",
      comment: input.question,
      data: {
        requestId: id,
        departmentId: row.departmentId,
        dueAt: due.dueAt.toISOString(),
        slaMetric: due.slaMetric,
      },
    });
    await recordAudit(tx, context, {
      action: "incident.department-request",
      objectType: "incident",
      objectId: incidentId,
      departmentId: row.departmentId,
      after: { requestId: id, dueAt: due.dueAt.toISOString() },
    });
    await emit(
      tx,
      IncidentDepartmentRequested,
      {
        incidentId,
        requestId: id,
        number: row.number,
        departmentId: row.departmentId,
        dueAt: due.dueAt.toISOString(),
        requestedBy,
      },
      { clock: context.clock },
    );
    return { request: toView(stored as RequestRow, now), created: true };
  });
}

/** The requests of one incident, oldest first (whoever may read the incident). */
export async function listDepartmentRequests(
  context: IncidentContext,
  incidentId: string,
): Promise<DepartmentRequestView[]> {
  const scope = requirePermission(context.actor, "incident:read");
  const row = await loadIncident(context.db, incidentId);
  assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
  return requestsOfIncident(context.db, incidentId, context.clock.now());
}

/** The requests of one incident, without permission checks (the caller checked them). */
export async function requestsOfIncident(
  db: Executor,
  incidentId: string,
  now: Date,
): Promise<DepartmentRequestView[]> {
  const rows = await db.drizzle
    .select()
    .from(departmentRequests)
    .where(eq(departmentRequests.incidentId, incidentId))
    .orderBy(asc(departmentRequests.requestedAt), asc(departmentRequests.id));
  return rows.map((row) => toView(row, now));
}

/**
 * A department's requests (executors and heads see their department's; operators and analysts
 * every department's, or one with `departmentId`), the nearest due time first for open ones.
 */
export async function listRequestsForDepartment(
  context: IncidentContext,
  rawQuery: DepartmentRequestQuery,
): Promise<{ items: DepartmentRequestView[] }> {
  const scope = requirePermission(context.actor, "incident:read");
  const query = parse(DepartmentRequestQuery, rawQuery);
  const now = context.clock.now();
  const status = query.overdue ? "open" : query.status;
  const rows = await context.db.drizzle
    .select()
    .from(departmentRequests)
    .where(
      and(
        scopeToDepartment(scope, departmentRequests.departmentId),
        query.departmentId ? eq(departmentRequests.departmentId, query.departmentId) : undefined,
        status ? eq(departmentRequests.status, status) : undefined,
        query.overdue ? lt(departmentRequests.dueAt, now) : undefined,
      ),
    )
    .orderBy(
      sql`CASE WHEN ${departmentRequests.status} = 'open' THEN 0 ELSE 1 END`,
      asc(departmentRequests.dueAt),
      desc(departmentRequests.id),
    )
    .limit(query.limit);
  return { items: rows.map((row) => toView(row, now)) };
}

/**
 * The department answers a request inside Otklik: an executor or the head of the department asked
 * (`incident:progress` over it). Answering a request already answered is a conflict — also when two
 * people answer at once (the request row is locked). Writes the timeline and audit entries and the
 * `IncidentDepartmentAnswered` event; the answer is then offered to the operator as the reply draft.
 */
export async function answerDepartmentRequest(
  context: IncidentContext,
  incidentId: string,
  requestId: string,
  rawInput: DepartmentAnswer,
): Promise<DepartmentRequestView> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = parse(DepartmentAnswer, rawInput);
  return withTransaction(context.db, async (tx) => {
    const incident = await loadIncident(tx, incidentId);
    assertInScope(readScope, incident.departmentId, INCIDENT_NOT_FOUND);
    const [request] = await tx.drizzle
      .select()
      .from(departmentRequests)
      .where(and(eq(departmentRequests.id, requestId), eq(departmentRequests.incidentId, incidentId)))
      .for("update");
    if (!request) throw notFound(REQUEST_NOT_FOUND);
    const scope = requirePermission(context.actor, "incident:progress");
    assertInScope(scope, request.departmentId, REQUEST_NOT_FOUND);
    const now = context.clock.now();
    if (request.status !== "open") {
      throw new OtklikError(
        "conflict",
        `На запрос уже ответили (${request.answeredAt?.toISOString() ?? ""}) / The request was already answered`,
        { details: [{ path: ["requestId"], message: "already answered" }] },
      );
    }
    const answeredBy = actorId(context.actor);
    const [stored] = await tx.drizzle
      .update(departmentRequests)
      .set({
        status: "answered",
        answer: input.answer,
        answerAttachments: input.attachments,
        answeredBy,
        answeredAt: now,
      })
      .where(eq(departmentRequests.id, requestId))
      .returning();
    const overdue = request.dueAt < now;
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "department-answer",
      comment: input.answer,
      media: input.attachments,
      data: { requestId, departmentId: request.departmentId, overdue },
    });
    await recordAudit(tx, context, {
      action: "incident.department-answer",
      objectType: "incident",
      objectId: incidentId,
      departmentId: request.departmentId,
      after: { requestId, overdue },
    });
    await emit(
      tx,
      IncidentDepartmentAnswered,
      {
        incidentId,
        requestId,
        number: incident.number,
        departmentId: request.departmentId,
        requestedBy: request.requestedBy,
        answeredBy,
        overdue,
      },
      { clock: context.clock },
    );
    return toView(stored as RequestRow, now);
  });
}

/** The reply draft the desk offers: the latest answer not yet used in a public reply. */
export interface DepartmentReplyDraft {
  requestId: string;
  text: string;
  attachments: { kind: string; url: string }[];
}

/** The latest answered request without a reply written from it, as the draft of the public reply. */
export function replyDraftFrom(requests: readonly DepartmentRequestView[]): DepartmentReplyDraft | null {
  for (let index = requests.length - 1; index >= 0; index -= 1) {
    const request = requests[index] as DepartmentRequestView;
    if (request.status === "answered" && request.replyId === null && request.answer) {
      return { requestId: request.id, text: request.answer, attachments: request.answerAttachments };
    }
  }
  return null;
}

/**
 * Links a public reply to the answer it was written from, in the reply's transaction: the request
 * must belong to the incident and be answered. Answers nothing; throws 404/409.
 */
export async function linkReplyToRequest(
  tx: Executor,
  incidentId: string,
  requestId: string,
  replyId: string,
): Promise<void> {
  const [request] = await tx.drizzle
    .select()
    .from(departmentRequests)
    .where(and(eq(departmentRequests.id, requestId), eq(departmentRequests.incidentId, incidentId)))
    .for("update");
  if (!request) throw notFound(REQUEST_NOT_FOUND);
  if (request.status !== "answered") {
    throw new OtklikError(
      "conflict",
      "Отдел ещё не ответил на этот запрос / The department has not answered this request yet",
      { details: [{ path: ["departmentRequestId"], message: "not answered" }] },
    );
  }
  if (request.replyId === null) {
    await tx.drizzle.update(departmentRequests).set({ replyId }).where(eq(departmentRequests.id, requestId));
  }
}
