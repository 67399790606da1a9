import type { LifecycleCommandType } from "./commands.js";
import type { IncidentStatus, Role } from "./states.js";

/** A legal move of the lifecycle: from which statuses, to which, by whom, and what it must carry. */
export interface TransitionRule {
  command: LifecycleCommandType;
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  roles: readonly Role[];
  requiresComment: boolean;
}

const DESK: readonly Role[] = ["operator", "head", "admin"];
const WORKERS: readonly Role[] = ["operator", "executor", "head", "admin"];

/**
 * The incident lifecycle, declared: new → assigned → in_progress → resolved → closed, plus waiting for
 * the citizen (pauses SLA clocks), forwarded (to another authority), rejected and reopened. Resolving
 * as `fixed` needs proof; forwarding needs the addressee (checked in `transition`).
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    command: "assign",
    from: ["new", "reopened", "assigned", "in_progress"],
    to: "assigned",
    roles: DESK,
    requiresComment: false,
  },
  {
    command: "start",
    from: ["assigned", "reopened"],
    to: "in_progress",
    roles: WORKERS,
    requiresComment: false,
  },
  {
    command: "request-information",
    from: ["assigned", "in_progress"],
    to: "waiting_for_citizen",
    roles: WORKERS,
    requiresComment: true,
  },
  {
    command: "resume",
    from: ["waiting_for_citizen"],
    to: "in_progress",
    roles: WORKERS,
    requiresComment: false,
  },
  {
    command: "forward",
    from: ["new", "assigned", "in_progress"],
    to: "forwarded",
    roles: DESK,
    requiresComment: true,
  },
  { command: "reject", from: ["new", "assigned"], to: "rejected", roles: DESK, requiresComment: true },
  {
    command: "resolve",
    from: ["assigned", "in_progress"],
    to: "resolved",
    roles: WORKERS,
    requiresComment: true,
  },
  {
    command: "close",
    from: ["resolved", "forwarded", "rejected"],
    to: "closed",
    roles: DESK,
    requiresComment: false,
  },
  {
    command: "reopen",
    from: ["resolved", "closed", "forwarded", "rejected"],
    to: "reopened",
    roles: DESK,
    requiresComment: true,
  },
];
