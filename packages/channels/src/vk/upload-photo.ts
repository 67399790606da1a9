import { z } from "zod";
import { DeliveryError } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import type { OutboundPhoto } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";

const UploadServer = z.object({ upload_url: z.string() });
const UploadedFile = z.object({ server: z.number(), photo: z.string(), hash: z.string() });
const SavedPhotos = z.array(z.object({ id: z.number(), owner_id: z.number() }));

/**
 * Uploads photos for a community wall post, VK's three steps: `photos.getWallUploadServer`, a
 * multipart POST of the file to the address it gave, `photos.saveWallPhoto`. Answers attachment
 * strings (`photo-123_456`). Every step may be repeated safely: an interrupted upload leaves at
 * most an unused photo in the community's wall album.
 */
export async function uploadVkWallPhotos(
  context: VkCallContext,
  photos: readonly OutboundPhoto[],
): Promise<string[]> {
  if (photos.length === 0) return [];
  const server = UploadServer.parse(
    await callVkMethod(
      context,
      "photos.getWallUploadServer",
      { group_id: context.groupId },
      { token: "user", repeatable: true },
    ),
  );
  const attachments: string[] = [];
  for (const photo of photos) {
    const form = new FormData();
    form.set("photo", new Blob([photo.data], { type: photo.contentType }), photo.filename);
    const answer = await sendHttpRequest({
      platform: "vk",
      url: server.upload_url,
      method: "POST",
      body: form,
      repeatable: true,
      ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
    });
    const uploaded = UploadedFile.safeParse(parseJsonAnswer("vk", answer));
    if (!uploaded.success || uploaded.data.photo === "[]" || uploaded.data.photo === "") {
      throw new DeliveryError(
        "vk",
        answer.status >= 500 ? "temporary" : "invalid_request",
        "VK не принял фото / VK refused the photo upload",
        {
          platformCode: answer.status,
        },
      );
    }
    const saved = SavedPhotos.parse(
      await callVkMethod(
        context,
        "photos.saveWallPhoto",
        {
          group_id: context.groupId,
          photo: uploaded.data.photo,
          server: uploaded.data.server,
          hash: uploaded.data.hash,
        },
        { token: "user", repeatable: true },
      ),
    );
    for (const item of saved) attachments.push(`photo${item.owner_id}_${item.id}`);
  }
  return attachments;
}
