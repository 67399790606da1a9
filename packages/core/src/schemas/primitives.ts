import { z } from "zod";

/** Text with surrounding white space removed that is not empty afterwards. */
export const NonEmptyText = z
  .string({ error: "Ожидается текст / Expected text" })
  .trim()
  .min(1, { error: "Поле не может быть пустым / Must not be empty" });
export type NonEmptyText = z.infer<typeof NonEmptyText>;

/**
 * A Russian phone number in any common spelling (`8 (3902) 22-33-44`, `+7 913 123-45-67`),
 * normalised to E.164 `+7XXXXXXXXXX`.
 */
export const RussianPhone = z
  .string({ error: "Ожидается номер телефона / Expected a phone number" })
  .transform((value) => value.replace(/[\s()\-–.]/g, ""))
  .refine((value) => /^(\+7|8|7)\d{10}$/.test(value), {
    error: "Номер телефона должен быть российским: +7 и 10 цифр / Phone must be Russian: +7 and 10 digits",
  })
  .transform((value) => `+7${value.slice(-10)}`);
export type RussianPhone = z.infer<typeof RussianPhone>;

/** An e-mail address, trimmed and lower-cased. */
export const Email = z
  .string({ error: "Ожидается адрес электронной почты / Expected an e-mail address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Неверный адрес электронной почты / Invalid e-mail address" }));
export type Email = z.infer<typeof Email>;

/** An ISO 8601 instant with a zone (`2026-11-27T09:00:00Z`, `…+07:00`), read into a `Date`. */
export const IsoInstant = z
  .string({ error: "Ожидается дата и время ISO 8601 / Expected an ISO 8601 date-time" })
  .pipe(
    z.iso.datetime({
      offset: true,
      error:
        "Дата и время должны быть в формате ISO 8601 с часовым поясом / Date-time must be ISO 8601 with a zone",
    }),
  )
  .transform((value) => new Date(value));
export type IsoInstant = z.infer<typeof IsoInstant>;

/** A calendar date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date({ error: "Ожидается дата ГГГГ-ММ-ДД / Expected a date YYYY-MM-DD" });
export type IsoDate = z.infer<typeof IsoDate>;

/** Query parameters of every list: `limit` (1–100, default 20) and an opaque `cursor`. */
export const Pagination = z.object({
  limit: z.coerce
    .number({ error: "limit должен быть числом / limit must be a number" })
    .int({ error: "limit должен быть целым / limit must be a whole number" })
    .min(1, { error: "limit не меньше 1 / limit must be at least 1" })
    .max(100, { error: "limit не больше 100 / limit must be at most 100" })
    .default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type Pagination = z.infer<typeof Pagination>;

/** The answer of every list: `{ items, nextCursor }`, `nextCursor` null on the last page. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** Encodes a list position (usually the last item's sort key and id) as an opaque cursor. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** Reads a cursor made by {@link encodeCursor}; `undefined` when it is not one. */
export function decodeCursor(cursor: string): Record<string, string | number> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    return value as Record<string, string | number>;
  } catch {
    return undefined;
  }
}
