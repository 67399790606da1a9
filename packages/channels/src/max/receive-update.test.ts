import { isOtklikError } from "@otklik/core";
import { describe, expect, it } from "vitest";
import { MAX_CHAT_ID, maxComment, maxDialogMessage, maxRemoved } from "../../test/payloads/max-updates.js";
import { MAX_SECRET_HEADER, receiveMaxUpdate } from "./receive-update.js";

const SECRET = "max-webhook-secret-42";
const receive = (body: unknown, secret: string | null = SECRET) =>
  receiveMaxUpdate(
    { headers: secret === null ? {} : { [MAX_SECRET_HEADER]: secret }, rawBody: JSON.stringify(body) },
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

describe("MAX webhook intake", () => {
  it("refuses a request without X-Max-Bot-Api-Secret or with a wrong one", () => {
    expect(refusal(() => receive(maxComment, null))).toBe("unauthorized");
    expect(refusal(() => receive(maxComment, "max-webhook-secret-43"))).toBe("unauthorized");
  });

  it("turns a chat message into a comment with its reply link and image", () => {
    expect(receive(maxComment).events).toEqual([
      {
        kind: "comment",
        action: "created",
        platform: "max",
        externalId: "mid.00000000000000f1",
        conversationId: String(MAX_CHAT_ID),
        replyToId: "mid.000000000000000a",
        text: "Не горит фонарь на Пушкина, 89",
        author: { id: "54321", name: "Пётр Сидоров" },
        attachments: [{ type: "photo", url: "https://i.oneme.ru/i?r=abc" }],
        occurredAt: "2024-11-27T07:00:00.000Z",
      },
    ]);
  });

  it("takes a dialog with the bot as a private message, and a removal as a deletion", () => {
    expect(receive(maxDialogMessage).events[0]).toMatchObject({ kind: "message", conversationId: "123456" });
    expect(receive(maxRemoved).events[0]).toMatchObject({
      action: "deleted",
      externalId: "mid.00000000000000f1",
    });
  });

  it("acknowledges update types Otklik does not use", () => {
    expect(receive({ update_type: "bot_started", timestamp: 1, chat_id: 1, user: {} }).events).toEqual([]);
  });
});
