import { isOtklikError, manualClock } from "@otklik/core";
import { describe, expect, it } from "vitest";
import {
  VK_CALLBACK_SECRET,
  VK_GROUP_ID,
  vkConfirmation,
  vkMessageNew,
  vkWallPostNew,
  vkWallReplyDelete,
  vkWallReplyEdit,
  vkWallReplyNew,
} from "../../test/payloads/vk-callback.js";
import { vkSchemas } from "../../test/vk/schema.js";
import { receiveVkCallback } from "./receive-callback.js";

const settings = { groupId: VK_GROUP_ID, callbackSecret: VK_CALLBACK_SECRET, confirmationCode: "1a2b3c4d" };
const clock = manualClock("2024-11-27T08:00:00Z");
const receive = (body: unknown) =>
  receiveVkCallback({ headers: {}, rawBody: JSON.stringify(body) }, settings, clock);

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isOtklikError(error) ? error.code : "other";
  }
  return undefined;
}

describe("VK Callback API intake", () => {
  it("uses payloads that VK's own JSON Schemas accept", () => {
    const schemas = vkSchemas();
    for (const event of [vkWallReplyNew, vkWallReplyEdit, vkWallReplyDelete, vkMessageNew, vkWallPostNew]) {
      expect(
        schemas.validateCallbackObject(String(event.type), event.object),
        String(event.type),
      ).toBeUndefined();
    }
    expect(
      schemas.validate("callback/objects.json#/definitions/callback_confirmation", vkConfirmation),
    ).toBeUndefined();
    // The check has teeth: a comment without its text is not a VK comment.
    const { text: _text, ...withoutText } = vkWallReplyNew.object as Record<string, unknown>;
    expect(schemas.validateCallbackObject("wall_reply_new", withoutText)).toMatch(/text/);
  });

  it("answers the confirmation request with the confirmation code", () => {
    expect(receive(vkConfirmation).response).toEqual({
      status: 200,
      contentType: "text/plain",
      body: "1a2b3c4d",
    });
  });

  it("refuses a forged event: wrong secret, no secret, another community", () => {
    expect(refusal(() => receive({ ...vkWallReplyNew, secret: "guess" }))).toBe("unauthorized");
    const { secret: _secret, ...withoutSecret } = vkWallReplyNew;
    expect(refusal(() => receive(withoutSecret))).toBe("unauthorized");
    expect(refusal(() => receive({ ...vkWallReplyNew, group_id: 1 }))).toBe("unauthorized");
    expect(refusal(() => receive({ ...vkConfirmation, group_id: 1 }))).toBe("unauthorized");
  });

  it("refuses a body that is not JSON or not an event", () => {
    expect(refusal(() => receiveVkCallback({ headers: {}, rawBody: "type=confirmation" }, settings))).toBe(
      "bad_request",
    );
    expect(refusal(() => receive({ ...vkWallReplyNew, object: { id: "x" } }))).toBe("validation_failed");
  });

  it("turns a new wall comment into a comment event with its thread, author and largest photo", () => {
    const result = receive(vkWallReplyNew);
    expect(result.response.body).toBe("ok");
    expect(result.events).toEqual([
      {
        kind: "comment",
        action: "created",
        platform: "vk",
        externalId: `-${VK_GROUP_ID}_3115`,
        deliveryId: vkWallReplyNew.event_id,
        conversationId: `-${VK_GROUP_ID}_2209`,
        text: "На ул. Щетинкина, 12 третий день не убирают мусор",
        author: { id: "540112987", url: "https://vk.com/id540112987" },
        attachments: [{ type: "photo", url: "https://sun9-1.userapi.com/w.jpg" }],
        occurredAt: "2024-11-27T07:00:00.000Z",
        url: `https://vk.com/wall-${VK_GROUP_ID}_2209?reply=3115`,
      },
    ]);
  });

  it("marks edits, deletions, private messages and suggested posts", () => {
    expect(receive(vkWallReplyEdit).events[0]).toMatchObject({
      action: "edited",
      replyToId: `-${VK_GROUP_ID}_3100`,
    });
    expect(receive(vkWallReplyDelete).events[0]).toMatchObject({
      kind: "comment",
      action: "deleted",
      externalId: `-${VK_GROUP_ID}_3115`,
      occurredAt: "2024-11-27T08:00:00.000Z",
    });
    expect(receive(vkMessageNew).events[0]).toMatchObject({
      kind: "message",
      conversationId: "540112987",
      externalId: "540112987_57",
      text: "Когда включат отопление в доме на Ленина, 60?",
    });
    expect(receive(vkWallPostNew).events[0]).toMatchObject({
      kind: "post",
      externalId: `-${VK_GROUP_ID}_2210`,
    });
  });

  it("acknowledges events Otklik has no use for, so VK does not re-send them", () => {
    const result = receive({
      ...vkWallReplyNew,
      type: "group_join",
      object: { user_id: 1, join_type: "join" },
    });
    expect(result).toEqual({ response: { status: 200, contentType: "text/plain", body: "ok" }, events: [] });
  });
});
