import { isOtklikError } from "@otklik/core";
import { describe, expect, it } from "vitest";
import {
  automaticForward,
  channelPost,
  comment,
  DISCUSSION_ID,
  editedComment,
  privateMessageWithPhoto,
} from "../../test/payloads/telegram-updates.js";
import { receiveTelegramUpdate, TELEGRAM_SECRET_HEADER } from "./receive-update.js";

const SECRET = "tg-webhook-secret_0123";
const receive = (body: unknown, secret: string | null = SECRET) =>
  receiveTelegramUpdate(
    {
      headers: secret === null ? {} : { [TELEGRAM_SECRET_HEADER.toLowerCase()]: secret },
      rawBody: JSON.stringify(body),
    },
    SECRET,
  );

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isOtklikError(error) ? error.code : "other";
  }
  return undefined;
}

describe("Telegram webhook intake", () => {
  it("refuses a request without the secret token header or with a wrong one", () => {
    expect(refusal(() => receive(comment, null))).toBe("unauthorized");
    expect(refusal(() => receive(comment, "tg-webhook-secret_0124"))).toBe("unauthorized");
    expect(refusal(() => receive(comment, `${SECRET}x`))).toBe("unauthorized");
  });

  it("accepts the header in any letter case, as HTTP allows", () => {
    const result = receiveTelegramUpdate(
      {
        headers: new Headers({ "X-Telegram-Bot-Api-Secret-Token": SECRET }),
        rawBody: JSON.stringify(comment),
      },
      SECRET,
    );
    expect(result.events).toHaveLength(1);
  });

  it("turns a comment in the discussion group into a comment event answering the channel post", () => {
    const result = receive(comment);
    expect(result.response.status).toBe(200);
    expect(result.events).toEqual([
      {
        kind: "comment",
        action: "created",
        platform: "telegram",
        externalId: `${DISCUSSION_ID}:881`,
        deliveryId: "905000002",
        conversationId: String(DISCUSSION_ID),
        replyToId: `${DISCUSSION_ID}:880`,
        text: "А на Чертыгашева яма так и осталась",
        author: { id: "400100200", name: "Ольга Иванова", url: "https://t.me/olga_abakan" },
        attachments: [],
        occurredAt: "2024-11-27T07:00:00.000Z",
      },
    ]);
  });

  it("ignores the automatic forward of the channel's own post into the group", () => {
    expect(receive(automaticForward).events).toEqual([]);
  });

  it("marks edits, and takes private messages with the largest photo as a Telegram file", () => {
    expect(receive(editedComment).events[0]).toMatchObject({
      action: "edited",
      occurredAt: "2024-11-27T07:01:40.000Z",
    });
    expect(receive(privateMessageWithPhoto).events[0]).toMatchObject({
      kind: "message",
      text: "Сломана лавочка во дворе",
      attachments: [{ type: "photo", url: "tg-file:AgACAgIAAxkBAAMR-large" }],
    });
    expect(receive(channelPost).events[0]).toMatchObject({
      kind: "post",
      url: "https://t.me/abakan_official/513",
    });
  });

  it("refuses a body that is not an update", () => {
    expect(refusal(() => receive({ hello: 1 }))).toBe("validation_failed");
  });
});
