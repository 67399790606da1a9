import { withTransaction } from "@otklik/db";
import { getDepartment, systemActor } from "@otklik/identity";
import { z } from "zod";
import { notify, type Recipient, type WrittenNotification } from "../delivery/notify.js";
import { type IntentDependencies, incidentNumber, watched } from "./intents.js";
import { departmentMembers, localDateTime, staffWithPermission } from "./staff.js";

const EXCERPT = 500;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text);
const UserIds = z.array(z.string().min(1)).max(500);

/** A citizen wrote again about an open incident (a message joined to it as a continuation). */
export const CitizenWroteAgainInput = z.object({
  incidentId: z.string().min(1),
  /** The incident's number, when the caller knows it (else the one remembered from `incidents.created`). */
  number: z.string().min(1).optional(),
  channel: z.string().nullable().default(null),
  /** What they wrote (cut to 500 characters in the notice). */
  text: z.string().default(""),
});

/**
 * A citizen wrote again about an incident: its assignee learns, else the head of its department
 * (nobody when the incident is not routed yet: the desk's inbox shows it). Once per event.
 */
export async function onCitizenWroteAgain(
  deps: IntentDependencies,
  input: z.input<typeof CitizenWroteAgainInput>,
  eventId: string,
): Promise<WrittenNotification[]> {
  const event = CitizenWroteAgainInput.parse(input);
  return withTransaction(deps.db, async (tx) => {
    const watch = await watched(tx, event.incidentId);
    let recipients: Recipient[] = [];
    if (watch?.assignee_id) recipients = [{ userId: watch.assignee_id }];
    else if (watch?.department_id) {
      const department = await getDepartment(
        { db: tx, clock: deps.clock, actor: systemActor("notifications") },
        watch.department_id,
      ).catch(() => null);
      if (department?.headUserId) recipients = [{ userId: department.headUserId }];
    }
    return notify(
      tx,
      deps.clock,
      {
        kind: "citizen_wrote_again",
        key: `wrote-again:${eventId}`,
        variables: {
          number: incidentNumber(event, watch),
          text: excerpt(event.text),
          channel: event.channel,
          incidentId: event.incidentId,
        },
        recipients,
      },
      deps.settings,
    );
  });
}

/** A publication went out on a channel (the site, a social page) or failed to. */
export const PublicationOutcomeInput = z.object({
  /** The cause, unique per publication, channel and attempt (e.g. the event's id). */
  key: z.string().min(1).max(200),
  publicationId: z.string().min(1),
  title: z.string().min(1),
  /** Where, in words: «сайт», «ВКонтакте», «Telegram»… */
  channel: z.string().min(1),
  outcome: z.enum(["published", "failed"]),
  reason: z.string().nullable().default(null),
  /** Who to tell; default: every editor (identity's `publication:publish`). */
  recipientUserIds: UserIds.optional(),
});

/** Tells the editors that a publication went out on a channel, or that it failed there and why. */
export async function onPublicationOutcome(
  deps: IntentDependencies,
  input: z.input<typeof PublicationOutcomeInput>,
): Promise<WrittenNotification[]> {
  const event = PublicationOutcomeInput.parse(input);
  return notifyEditors(deps, event.recipientUserIds, {
    kind: event.outcome === "published" ? "publication_published" : "publication_failed",
    key: `publication:${event.outcome}:${event.key}`,
    variables: {
      title: event.title,
      channel: event.channel,
      reason: event.reason ?? "—",
      publicationId: event.publicationId,
    },
  });
}

/** Notifies `userIds`, or else every editor (identity's `publication:publish`), in one transaction. */
function notifyEditors(
  deps: IntentDependencies,
  userIds: readonly string[] | undefined,
  intent: Omit<Parameters<typeof notify>[2], "recipients">,
): Promise<WrittenNotification[]> {
  return withTransaction(deps.db, async (tx) => {
    const recipients = userIds ?? (await staffWithPermission(tx, deps.clock, "publication:publish"));
    return notify(
      tx,
      deps.clock,
      { ...intent, recipients: recipients.map((userId) => ({ userId })) },
      deps.settings,
    );
  });
}

/** A comment on a public hearing awaits moderation. */
export const HearingCommentInput = z.object({
  /** The cause (the comment's id or the event's). */
  key: z.string().min(1).max(200),
  publicationId: z.string().min(1),
  title: z.string().min(1),
  /** How many comments of the hearing await moderation now, this one included. */
  pending: z.number().int().min(1),
  /** Who moderates; default: every editor (identity's `publication:publish`). */
  recipientUserIds: UserIds.optional(),
});

/** Tells the moderators that a hearing got a comment to moderate, with how many wait. */
export async function onHearingCommentToModerate(
  deps: IntentDependencies,
  input: z.input<typeof HearingCommentInput>,
): Promise<WrittenNotification[]> {
  const event = HearingCommentInput.parse(input);
  return notifyEditors(deps, event.recipientUserIds, {
    kind: "hearing_comment_to_moderate",
    key: `hearing-comment:${event.key}`,
    variables: { title: event.title, count: event.pending, publicationId: event.publicationId },
  });
}

/** The desk asked a department for the substance of the answer (incidents' `incidents.department_requested`). */
export const DepartmentRequestInput = z.object({
  incidentId: z.string().min(1),
  requestId: z.string().min(1),
  number: z.string().min(1),
  departmentId: z.string().min(1),
  dueAt: z.union([z.date(), z.string().transform((value) => new Date(value))]),
});

/** Tells the department's executors and head that the desk asked them, and by when to answer. */
export async function onDepartmentRequested(
  deps: IntentDependencies,
  input: z.input<typeof DepartmentRequestInput>,
): Promise<WrittenNotification[]> {
  const event = DepartmentRequestInput.parse(input);
  return withTransaction(deps.db, async (tx) => {
    const department = await getDepartment(
      { db: tx, clock: deps.clock, actor: systemActor("notifications") },
      event.departmentId,
    ).catch(() => null);
    const members = await departmentMembers(tx, deps.clock, event.departmentId, ["executor", "head"]);
    const userIds = [...new Set([...members, ...(department?.headUserId ? [department.headUserId] : [])])];
    return notify(
      tx,
      deps.clock,
      {
        kind: "department_request",
        key: `department-request:${event.requestId}`,
        variables: {
          number: event.number,
          department: department?.name ?? event.departmentId,
          dueAt: localDateTime(event.dueAt, deps.settings.timeZone),
          incidentId: event.incidentId,
        },
        recipients: userIds.map((userId) => ({ userId })),
      },
      deps.settings,
    );
  });
}

/** A department answered the desk's request (incidents' `incidents.department_answered`). */
export const DepartmentAnswerInput = z.object({
  incidentId: z.string().min(1),
  requestId: z.string().min(1),
  number: z.string().min(1),
  departmentId: z.string().min(1),
  /** The operator who asked. */
  requestedBy: z.string().min(1),
  overdue: z.boolean(),
});

/** Tells the operator who asked that the department answered (and whether late). */
export async function onDepartmentAnswered(
  deps: IntentDependencies,
  input: z.input<typeof DepartmentAnswerInput>,
): Promise<WrittenNotification[]> {
  const event = DepartmentAnswerInput.parse(input);
  return withTransaction(deps.db, async (tx) => {
    const department = await getDepartment(
      { db: tx, clock: deps.clock, actor: systemActor("notifications") },
      event.departmentId,
    ).catch(() => null);
    return notify(
      tx,
      deps.clock,
      {
        kind: "department_answer",
        key: `department-answer:${event.requestId}`,
        variables: {
          number: event.number,
          department: department?.name ?? event.departmentId,
          overdue: event.overdue ? 1 : 0,
          incidentId: event.incidentId,
        },
        recipients: [{ userId: event.requestedBy }],
      },
      deps.settings,
    );
  });
}
