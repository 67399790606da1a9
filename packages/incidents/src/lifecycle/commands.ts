import { z } from "zod";
import { Attachment } from "./states.js";

const base = {
  /** The incident version the actor saw; a newer one means someone changed it meanwhile. */
  expectedVersion: z.number().int().nonnegative().optional(),
  comment: z.string().trim().optional(),
  media: z.array(Attachment).default([]),
};

/** What an actor asks the lifecycle to do. */
export const LifecycleCommand = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("assign"),
    departmentKey: z.string().min(1),
    assigneeId: z.string().optional(),
    ...base,
  }),
  z.object({ type: z.literal("start"), ...base }),
  z.object({ type: z.literal("request-information"), ...base }),
  z.object({ type: z.literal("resume"), ...base }),
  z.object({ type: z.literal("forward"), addressee: z.string().trim().optional(), ...base }),
  z.object({
    type: z.literal("reject"),
    reason: z.enum(["spam", "abuse", "duplicate", "not-a-problem"]),
    ...base,
  }),
  z.object({ type: z.literal("resolve"), resolution: z.enum(["fixed", "explained"]), ...base }),
  z.object({ type: z.literal("close"), ...base }),
  z.object({
    type: z.literal("reopen"),
    source: z.enum(["citizen", "platform-rework", "operator"]),
    ...base,
  }),
]);
export type LifecycleCommand = z.input<typeof LifecycleCommand>;
export type LifecycleCommandType = LifecycleCommand["type"];
