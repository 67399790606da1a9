/**
 * How a published Telegram post is named: `text:12` for a message, `photo:12` for a photo with a
 * caption, `album:12,13,14` for a media group. Editing needs to know which (text or caption),
 * deleting an album needs every id.
 */
export type TelegramPostKind = "text" | "photo" | "album";

export function telegramPostId(kind: TelegramPostKind, messageIds: readonly number[]): string {
  return `${kind}:${messageIds.join(",")}`;
}

export function parseTelegramPostId(platformId: string): { kind: TelegramPostKind; messageIds: number[] } {
  const match = /^(text|photo|album):(\d+(?:,\d+)*)$/.exec(platformId);
  if (!match) throw new Error(`Not a Telegram post id: ${platformId}`);
  return { kind: match[1] as TelegramPostKind, messageIds: match[2]!.split(",").map(Number) };
}

/** The message id in `-100123:45` (an inbound event's id) or in a bare `45`. */
export function telegramMessageNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf(":") + 1));
}
