import { ChannelFailure, type ChannelSender, signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from "./senders.js";

/**
 * A generic webhook: POSTs the notification as JSON to its address with an HMAC-SHA256
 * signature and an `Idempotency-Key`, through the global `fetch` with a timeout. 2xx is
 * delivered; 429 and 5xx are retried; a timeout is retried too (the receiver drops a repeat by
 * its key); other answers fail at once.
 */
export function webhookChannel(options: { secret: string; timeoutMs?: number }): ChannelSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (notification) => {
    const body = JSON.stringify({
      id: notification.id,
      kind: notification.kind,
      subject: notification.subject,
      body: notification.body,
      locale: notification.locale,
      payload: notification.payload,
      attempt: notification.attempt,
    });
    let response: Response;
    try {
      response = await fetch(notification.address, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": notification.idempotencyKey,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(body, options.secret),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new ChannelFailure(
        true,
        timedOut
          ? `webhook: нет ответа за ${timeoutMs} мс / no answer in ${timeoutMs} ms`
          : "webhook: нет соединения / connection failed",
      );
    }
    await response.body?.cancel().catch(() => {});
    if (response.ok) return "delivered";
    const retryable = response.status === 429 || response.status >= 500;
    // `Retry-After` in seconds (the HTTP-date form is rare for webhooks and falls back to our backoff).
    const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
    throw new ChannelFailure(
      retryable,
      `webhook: HTTP ${response.status}`,
      retryable && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  };
}
