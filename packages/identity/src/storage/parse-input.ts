import { fromZodError } from "@otklik/core";
import type { z } from "zod";

/** Validates a verb's input: the parsed value, or a `validation_failed` error naming every problem. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
