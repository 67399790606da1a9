import { z } from "zod";
import { DeliveryError } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import type { OutboundPhoto } from "../connector/outbound.js";
import { callMaxApi, type MaxCallContext } from "./call-api.js";

const UploadTarget = z.object({ url: z.string() });
/** An image upload answers `{ photos: { <key>: { token } } }`; take the one token it holds. */
const UploadedImage = z.object({ photos: z.record(z.string(), z.object({ token: z.string() })) });

/** The attachment object `POST /messages` takes for an uploaded image. */
export interface MaxImageAttachment {
  type: "image";
  payload: { token: string };
}

/**
 * Uploads images: `POST /uploads?type=image` gives an address, a multipart POST of the file
 * (`data`) to it gives the image's token. Safe to repeat.
 */
export async function uploadMaxImages(
  context: MaxCallContext,
  photos: readonly OutboundPhoto[],
): Promise<MaxImageAttachment[]> {
  const attachments: MaxImageAttachment[] = [];
  for (const photo of photos) {
    const target = UploadTarget.parse(
      await callMaxApi(context, "POST", "/uploads", { query: { type: "image" }, repeatable: true }),
    );
    const form = new FormData();
    form.set("data", new Blob([photo.data], { type: photo.contentType }), photo.filename);
    const answer = await sendHttpRequest({
      platform: "max",
      url: target.url,
      method: "POST",
      headers: { authorization: context.botToken },
      body: form,
      repeatable: true,
      ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
    });
    const uploaded = UploadedImage.safeParse(parseJsonAnswer("max", answer));
    const token = uploaded.success ? Object.values(uploaded.data.photos)[0]?.token : undefined;
    if (!token) {
      throw new DeliveryError(
        "max",
        answer.status >= 500 ? "temporary" : "invalid_request",
        "MAX не принял фото / MAX refused the image upload",
        {
          platformCode: answer.status,
        },
      );
    }
    attachments.push({ type: "image", payload: { token } });
  }
  return attachments;
}
