import { OtklikError } from "@otklik/core";
import type { IncidentEvent } from "@otklik/sla";
import {
  type LifecycleCommand,
  LifecycleCommand as LifecycleCommandSchema,
  type LifecycleCommandType,
} from "./commands.js";
import {
  type Actor,
  type Attachment,
  type IncidentState,
  type IncidentStatus,
  type Resolution,
  STATUS_NAMES,
} from "./states.js";
import { TRANSITIONS, type TransitionRule } from "./transitions.js";

/** Russian and English names of the commands, for messages and buttons. */
export const COMMAND_NAMES: Readonly<Record<LifecycleCommandType, { ru: string; en: string }>> = {
  assign: { ru: "назначить", en: "assign" },
  start: { ru: "взять в работу", en: "start" },
  "request-information": { ru: "запросить уточнение у заявителя", en: "ask the citizen" },
  resume: { ru: "продолжить работу", en: "resume" },
  forward: { ru: "перенаправить", en: "forward" },
  reject: { ru: "отклонить", en: "reject" },
  resolve: { ru: "решить", en: "resolve" },
  close: { ru: "закрыть", en: "close" },
  reopen: { ru: "возобновить", en: "reopen" },
};

/** One entry of an incident's timeline: who did what, when, with which comment and media. */
export interface TimelineEvent {
  type: "status-changed";
  command: LifecycleCommandType;
  from: IncidentStatus;
  to: IncidentStatus;
  actorId: string;
  at: Date;
  comment: string | null;
  media: Attachment[];
  departmentKey?: string;
  assigneeId?: string;
  resolution?: Resolution;
  rejectionReason?: string;
  reopenSource?: string;
}

/** The outcome of a legal transition. */
export interface TransitionResult {
  incident: IncidentState;
  event: TimelineEvent;
  /** What the SLA clocks of `@otklik/sla` need to hear about this change. */
  slaEvents: IncidentEvent[];
}

const PROOF_KINDS = new Set(["photo", "video", "acceptance-act"]);

function mayAct(rule: TransitionRule, incident: IncidentState, actor: Actor): boolean {
  if (!rule.roles.includes(actor.role)) return false;
  // Executors work on their own department's incidents only.
  return (
    actor.role !== "executor" ||
    (actor.departmentKey != null && actor.departmentKey === incident.departmentKey)
  );
}

/** The commands this actor may give for this incident now. */
export function allowedCommands(incident: IncidentState, actor: Actor): LifecycleCommandType[] {
  return TRANSITIONS.filter(
    (rule) => rule.from.includes(incident.status) && mayAct(rule, incident, actor),
  ).map((rule) => rule.command);
}

function listCommands(commands: readonly LifecycleCommandType[]): { ru: string; en: string } {
  if (commands.length === 0) return { ru: "ничего", en: "nothing" };
  return {
    ru: commands.map((command) => `«${COMMAND_NAMES[command].ru}»`).join(", "),
    en: commands.map((command) => COMMAND_NAMES[command].en).join(", "),
  };
}

function refuse(
  code: "conflict" | "forbidden" | "validation_failed",
  ru: string,
  en: string,
  allowed: LifecycleCommandType[],
): never {
  const names = listCommands(allowed);
  throw new OtklikError(code, `${ru} Доступно: ${names.ru}. / ${en} Allowed: ${names.en}.`, {
    details: [{ path: ["type"], message: `allowed: ${allowed.join(", ") || "none"}` }],
  });
}

/** The SLA status name for a lifecycle status (`waiting_for_citizen` → `waiting-for-citizen`). */
export function slaStatusName(status: IncidentStatus): string {
  return status.replace(/_/gu, "-");
}

/**
 * Applies a command to an incident: checks that the move is legal from its status, that the actor's
 * role may make it, the comment, proof and addressee it needs, and the version the actor saw. Returns
 * the new state (version + 1), the timeline event and the SLA events; otherwise throws an
 * {@link OtklikError} whose message, Russian first, lists the commands that are allowed.
 */
export function transition(
  incident: IncidentState,
  input: LifecycleCommand,
  actor: Actor,
  now: Date,
): TransitionResult {
  const command = LifecycleCommandSchema.parse(input);
  const allowed = allowedCommands(incident, actor);
  const status = STATUS_NAMES[incident.status];
  const name = COMMAND_NAMES[command.type];
  if (command.expectedVersion !== undefined && command.expectedVersion !== incident.version) {
    refuse(
      "conflict",
      `Обращение уже изменено (версия ${incident.version}, у вас ${command.expectedVersion}): обновите и повторите.`,
      `The incident was changed meanwhile (version ${incident.version}, you saw ${command.expectedVersion}): reload and retry.`,
      allowed,
    );
  }
  const rule = TRANSITIONS.find(
    (candidate) => candidate.command === command.type && candidate.from.includes(incident.status),
  );
  if (rule === undefined) {
    refuse(
      "conflict",
      `Нельзя «${name.ru}» обращение в статусе «${status.ru}».`,
      `Cannot ${name.en} an incident that is ${status.en}.`,
      allowed,
    );
  }
  if (!mayAct(rule, incident, actor)) {
    refuse(
      "forbidden",
      `Роль «${actor.role}» не может «${name.ru}» это обращение.`,
      `Role ${actor.role} may not ${name.en} this incident.`,
      allowed,
    );
  }
  const comment = command.comment && command.comment.length > 0 ? command.comment : null;
  if (rule.requiresComment && comment === null) {
    refuse(
      "validation_failed",
      `Для действия «${name.ru}» нужен комментарий.`,
      `To ${name.en}, write a comment.`,
      allowed,
    );
  }

  let resolution: Resolution | null = incident.resolution;
  let departmentKey = incident.departmentKey;
  const event: TimelineEvent = {
    type: "status-changed",
    command: command.type,
    from: incident.status,
    to: rule.to,
    actorId: actor.id,
    at: now,
    comment,
    media: command.media,
  };
  switch (command.type) {
    case "assign":
      departmentKey = command.departmentKey;
      event.departmentKey = command.departmentKey;
      if (command.assigneeId !== undefined) event.assigneeId = command.assigneeId;
      break;
    case "forward":
      if (!command.addressee) {
        refuse(
          "validation_failed",
          "Укажите, куда перенаправлено обращение.",
          "Name the authority it is forwarded to.",
          allowed,
        );
      }
      resolution = { kind: "forwarded", addressee: command.addressee };
      event.resolution = { kind: "forwarded", addressee: command.addressee };
      break;
    case "resolve":
      if (command.resolution === "fixed" && !command.media.some((item) => PROOF_KINDS.has(item.kind))) {
        refuse(
          "validation_failed",
          "Решение «устранено» требует доказательства: фото, видео или акт приёмки.",
          "A fix needs proof: a photo, a video or an acceptance act.",
          allowed,
        );
      }
      resolution = { kind: command.resolution };
      event.resolution = { kind: command.resolution };
      break;
    case "reject":
      event.rejectionReason = command.reason;
      break;
    case "reopen":
      resolution = null;
      event.reopenSource = command.source;
      break;
    default:
      break;
  }

  return {
    incident: { ...incident, status: rule.to, version: incident.version + 1, departmentKey, resolution },
    event,
    slaEvents: slaEventsForTransition(event),
  };
}

/** The SLA events a timeline event means for `@otklik/sla`'s clocks. */
export function slaEventsForTransition(event: TimelineEvent): IncidentEvent[] {
  const events: IncidentEvent[] = [];
  if (event.command === "assign" && event.departmentKey !== undefined) {
    events.push({ type: "reassigned", at: event.at, department: event.departmentKey });
  }
  if (event.command === "reopen") events.push({ type: "reopened", at: event.at });
  events.push({ type: "status-changed", at: event.at, status: slaStatusName(event.to) });
  if (event.to === "resolved" || event.to === "forwarded" || event.to === "rejected") {
    events.push({ type: "resolved", at: event.at });
  }
  return events;
}
