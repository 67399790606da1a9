import type { z } from "zod";
import { OtklikError } from "./errors.js";

/** Turns a zod failure into a `validation_failed` error listing every problem with its path. */
export function fromZodError(error: z.ZodError, what = "Запрос / Request"): OtklikError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
    message: issue.message,
  }));
  const first = details[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join(".")})` : "";
  return new OtklikError(
    "validation_failed",
    `${what}: неверные данные / invalid input${where}: ${first?.message ?? ""}`.trim(),
    { details },
  );
}
