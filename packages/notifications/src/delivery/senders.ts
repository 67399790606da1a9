import { createHmac } from "node:crypto";
import type { EmailSender } from "@otklik/channels";

/** A channel's failure: whether trying again may help, and why (kept as the notification's reason). */
export class ChannelFailure extends Error {
  constructor(
    readonly retryable: boolean,
    message: string,
    /** How long the receiver asked us to wait (Telegram's `retry_after`, a `Retry-After` header). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ChannelFailure";
  }
}

/** One notification as a channel sees it. */
export interface OutgoingNotification {
  id: string;
  kind: string;
  address: string;
  subject: string;
  body: string;
  locale: string;
  payload: unknown;
  idempotencyKey: string;
  /** 1 on the first try. */
  attempt: number;
}

/**
 * Sends on one channel. Resolves when the channel took it (`"sent"`) or confirmed it
 * (`"delivered"`); throws a {@link ChannelFailure}, a `DeliveryError` of @otklik/channels, or any other error
 * (taken as temporary)
 * when it failed. Senders get the idempotency key, so a receiver can drop a repeat.
 */
export type ChannelSender = (notification: OutgoingNotification) => Promise<"sent" | "delivered">;

/** The push channels' senders; a channel without one fails its notifications with that reason. */
export interface NotificationSenders {
  email?: ChannelSender;
  telegram?: ChannelSender;
  webhook?: ChannelSender;
}

/** E-mail through @otklik/channels' sender (the Message-ID comes from the idempotency key). */
export function emailChannel(sender: EmailSender): ChannelSender {
  return async (notification) => {
    await sender.send(
      {
        to: notification.address,
        subject: notification.subject,
        text: notification.body,
        html: `<p>${escapeHtml(notification.body).replaceAll("\n", "<br>")}</p>`,
      },
      notification.idempotencyKey,
    );
    return "sent";
  };
}

/** The staff bot: the app injects a function that sends a text to a chat (e.g. the Telegram connector). */
export function telegramChannel(
  send: (chatId: string, text: string, idempotencyKey: string) => Promise<void>,
): ChannelSender {
  return async (notification) => {
    await send(
      notification.address,
      `${notification.subject}\n\n${notification.body}`,
      notification.idempotencyKey,
    );
    return "delivered";
  };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** The header carrying `sha256=<hex HMAC-SHA256 of the body>` on webhook calls. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Otklik-Signature";

/** Signs a webhook body as {@link WEBHOOK_SIGNATURE_HEADER} carries it. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
