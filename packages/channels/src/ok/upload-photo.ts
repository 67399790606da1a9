import { z } from "zod";
import { DeliveryError } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import type { OutboundPhoto } from "../connector/outbound.js";
import { callOkMethod, type OkCallContext } from "./call-method.js";

const UploadUrl = z.object({ upload_url: z.string(), photo_ids: z.array(z.string()) });
const Uploaded = z.object({ photos: z.record(z.string(), z.object({ token: z.string() })) });

/**
 * Uploads photos for a group topic: `photosV2.getUploadUrl` (with `gid`) gives an address and photo
 * ids, one multipart POST sends the files (`pic1`, `pic2`, …), and the answer gives an upload
 * token per photo id, which the topic's `photo` block takes. Safe to repeat.
 */
export async function uploadOkPhotos(
  context: OkCallContext,
  groupId: string,
  photos: readonly OutboundPhoto[],
): Promise<string[]> {
  if (photos.length === 0) return [];
  const target = UploadUrl.parse(
    await callOkMethod(
      context,
      "photosV2.getUploadUrl",
      { gid: groupId, count: photos.length },
      { repeatable: true },
    ),
  );
  const form = new FormData();
  photos.forEach((photo, index) => {
    form.set(`pic${index + 1}`, new Blob([photo.data], { type: photo.contentType }), photo.filename);
  });
  const answer = await sendHttpRequest({
    platform: "ok",
    url: target.upload_url,
    method: "POST",
    body: form,
    repeatable: true,
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  const uploaded = Uploaded.safeParse(parseJsonAnswer("ok", answer));
  if (!uploaded.success) {
    throw new DeliveryError(
      "ok",
      answer.status >= 500 ? "temporary" : "invalid_request",
      "OK не принял фото / OK refused the photo upload",
      {
        platformCode: answer.status,
      },
    );
  }
  return target.photo_ids.map((photoId) => {
    const token = uploaded.data.photos[photoId]?.token;
    if (!token)
      throw new DeliveryError("ok", "temporary", "OK не вернул токен фото / OK gave no photo token");
    return token;
  });
}
