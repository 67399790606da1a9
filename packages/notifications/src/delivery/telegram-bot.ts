import { ChannelFailure, type ChannelSender } from "./senders.js";

/** Telegram's Bot API answer (https://core.telegram.org/bots/api#making-requests). */
interface BotAnswer {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Telegram refuses messages longer than this (characters of the text after entities parsing). */
const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * The staff bot: `sendMessage` of the Bot API to the person's chat with the bot (their chat id
 * in the preferences). Answers `delivered` when Telegram says `ok`. A 429 is retried no sooner
 * than Telegram's `retry_after`; 5xx, timeouts and lost connections are retried (a staff member
 * may then see a message twice, which beats not seeing a breach); 403 (the person blocked the
 * bot or never started it), 400 (no such chat) and 401 (a wrong token) fail at once with the
 * reason. The token is in the URL only, never in a reason.
 */
export function telegramBotChannel(options: {
  botToken: string;
  /** Default `https://api.telegram.org`; tests point it at a local Bot API. */
  baseUrl?: string;
  timeoutMs?: number;
}): ChannelSender {
  const base = (options.baseUrl ?? "https://api.telegram.org").replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (notification) => {
    const full = `${notification.subject}\n\n${notification.body}`;
    const text = full.length > TELEGRAM_TEXT_LIMIT ? `${full.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…` : full;
    let response: Response;
    try {
      response = await fetch(`${base}/bot${options.botToken}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: notification.address, text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new ChannelFailure(
        true,
        timedOut
          ? `telegram: нет ответа за ${timeoutMs} мс / no answer in ${timeoutMs} ms`
          : "telegram: нет соединения / connection failed",
      );
    }
    const answer = (await response.json().catch(() => ({}))) as BotAnswer;
    if (response.ok && answer.ok) return "delivered";
    const code = answer.error_code ?? response.status;
    const said = (answer.description ?? `HTTP ${response.status}`).slice(0, 200);
    if (code === 429) {
      const seconds = answer.parameters?.retry_after ?? Number(response.headers.get("retry-after") ?? 0);
      throw new ChannelFailure(
        true,
        `telegram 429: слишком часто, повтор через ${seconds} с / too many requests, retry after ${seconds} s`,
        seconds > 0 ? seconds * 1000 : undefined,
      );
    }
    if (code >= 500) throw new ChannelFailure(true, `telegram ${code}: ${said}`);
    if (code === 403) {
      throw new ChannelFailure(
        false,
        `telegram 403: бот заблокирован или чат не начат / the bot is blocked or the chat was never started (${said})`,
      );
    }
    if (code === 401) {
      throw new ChannelFailure(false, `telegram 401: неверный токен бота / the bot token is wrong`);
    }
    throw new ChannelFailure(false, `telegram ${code}: ${said}`);
  };
}
