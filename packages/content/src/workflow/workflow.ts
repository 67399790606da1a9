import { OtklikError } from "@otklik/core";
import { type Actor, requirePermission } from "@otklik/identity";
import { z } from "zod";

/** Where a publication stands in the editorial workflow. */
export const PublicationState = z.enum([
  "draft",
  "in_review",
  "approved",
  "scheduled",
  "published",
  "unpublished",
  "archived",
]);
export type PublicationState = z.infer<typeof PublicationState>;

/** What an editor does to move a publication along. */
export const WorkflowVerb = z.enum([
  "submit",
  "approve",
  "return",
  "schedule",
  "publish",
  "unpublish",
  "archive",
]);
export type WorkflowVerb = z.infer<typeof WorkflowVerb>;

interface Transition {
  from: readonly PublicationState[];
  to: PublicationState;
  /** `publication:edit` to write and submit; `publication:publish` to approve and put out. */
  permission: "publication:edit" | "publication:publish";
}

/**
 * The editorial workflow as data. Only an approved text goes out; `publish` and `schedule` take
 * an approved (or already scheduled) one. An unpublished item may be published again after review.
 */
export const WORKFLOW: Readonly<Record<WorkflowVerb, Transition>> = {
  submit: { from: ["draft", "unpublished"], to: "in_review", permission: "publication:edit" },
  approve: { from: ["in_review"], to: "approved", permission: "publication:publish" },
  return: { from: ["in_review", "approved", "scheduled"], to: "draft", permission: "publication:publish" },
  schedule: { from: ["approved", "scheduled"], to: "scheduled", permission: "publication:publish" },
  publish: { from: ["approved", "scheduled"], to: "published", permission: "publication:publish" },
  unpublish: { from: ["published"], to: "unpublished", permission: "publication:publish" },
  archive: {
    from: ["draft", "approved", "published", "unpublished"],
    to: "archived",
    permission: "publication:publish",
  },
};

/**
 * The state after `verb`, checking who acts first (401/403) and then the current state (409).
 */
export function nextState(actor: Actor, state: PublicationState, verb: WorkflowVerb): PublicationState {
  const transition = WORKFLOW[verb];
  requirePermission(actor, transition.permission);
  if (!transition.from.includes(state)) {
    throw new OtklikError(
      "conflict",
      `Нельзя «${verb}» из состояния «${state}» / Cannot ${verb} a publication that is ${state}`,
    );
  }
  return transition.to;
}

/**
 * The state after an edit of the text: an edit to an item past review (approved, scheduled,
 * published) goes back through review; the live version stays on the site until the new one is published.
 */
export function stateAfterEdit(state: PublicationState): PublicationState {
  if (state === "archived") {
    throw new OtklikError(
      "conflict",
      "Архивная публикация не редактируется / An archived publication is read-only",
    );
  }
  if (state === "approved" || state === "scheduled" || state === "published") return "in_review";
  return state;
}
