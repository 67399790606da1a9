import { decodeCursor, encodeCursor, OtklikError, type Page } from "@otklik/core";

/**
 * Lists page by id (ids sort by creation time): the cursor carries the last id
 * shown. A list asks for `limit + 1` rows to know whether another page follows.
 */
export function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (!position || typeof position.id !== "string") {
    throw new OtklikError("validation_failed", "Неверный cursor / Invalid cursor", {
      details: [{ path: ["cursor"], message: "Неверный cursor / Invalid cursor" }],
    });
  }
  return position.id;
}

/** The page of the first `limit` rows, with a cursor when more rows followed. */
export function pageOfRows<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): Page<Item> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
  };
}
