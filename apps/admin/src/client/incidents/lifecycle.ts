import type { Role } from "../api/identity.js";
import type { IncidentStatus, LifecycleCommand } from "../api/incidents.js";

export type CommandType = LifecycleCommand["type"];

/** One legal move: from which statuses, by whom, whether the comment is required. */
export interface CommandRule {
  command: CommandType;
  from: readonly IncidentStatus[];
  roles: readonly Role[];
  requiresComment: boolean;
}

const DESK: readonly Role[] = ["operator", "head", "admin"];
const WORKERS: readonly Role[] = ["operator", "executor", "head", "admin"];

/**
 * The lifecycle's table (TRANSITIONS of @otklik/incidents, checked against it by a test), used only to
 * offer the buttons that can work: the API decides, and answers 409 naming the allowed commands.
 */
export const COMMAND_RULES: readonly CommandRule[] = [
  {
    command: "assign",
    from: ["new", "reopened", "assigned", "in_progress"],
    roles: DESK,
    requiresComment: false,
  },
  { command: "start", from: ["assigned", "reopened"], roles: WORKERS, requiresComment: false },
  {
    command: "request-information",
    from: ["assigned", "in_progress"],
    roles: WORKERS,
    requiresComment: true,
  },
  { command: "resume", from: ["waiting_for_citizen"], roles: WORKERS, requiresComment: false },
  { command: "forward", from: ["new", "assigned", "in_progress"], roles: DESK, requiresComment: true },
  { command: "reject", from: ["new", "assigned"], roles: DESK, requiresComment: true },
  { command: "resolve", from: ["assigned", "in_progress"], roles: WORKERS, requiresComment: true },
  { command: "close", from: ["resolved", "forwarded", "rejected"], roles: DESK, requiresComment: false },
  {
    command: "reopen",
    from: ["resolved", "closed", "forwarded", "rejected"],
    roles: DESK,
    requiresComment: true,
  },
];

/** The status changes a person with `roles` may try from `status` (assignment has its own form). */
export function availableCommands(status: IncidentStatus, roles: readonly Role[]): CommandRule[] {
  return COMMAND_RULES.filter(
    (rule) =>
      rule.command !== "assign" &&
      rule.from.includes(status) &&
      rule.roles.some((role) => roles.includes(role)),
  );
}

/** Whether the person may (re)assign an incident in `status`. */
export function canAssign(status: IncidentStatus, roles: readonly Role[]): boolean {
  const rule = COMMAND_RULES.find((candidate) => candidate.command === "assign");
  return Boolean(rule?.from.includes(status) && rule.roles.some((role) => roles.includes(role)));
}

/** Media kinds that prove a fix. */
export const PROOF_KINDS = ["photo", "video", "acceptance-act"] as const;
