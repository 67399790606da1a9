import { fromZodError } from "@otklik/core";
import { z } from "zod";

/** Validates a verb's input: the parsed value, or `validation_failed` naming every problem. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  prefix: string[] = [],
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
    throw fromZodError(new z.ZodError(issues));
  }
  return result.data;
}
