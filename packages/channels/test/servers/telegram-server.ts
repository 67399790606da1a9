import { z } from "zod";
import {
  type ProtocolAnswer,
  type ProtocolServer,
  type ReceivedRequest,
  startProtocolServer,
  takeFault,
} from "./protocol-server.js";

/**
 * The Bot API methods Otklik calls, with their parameters as https://core.telegram.org/bots/api
 * documents them. Unknown parameters are refused so a typo shows up as a test failure.
 */
const ChatId = z.union([z.number().int(), z.string().regex(/^(@[A-Za-z0-9_]{5,}|-?\d+)$/)]);
const ReplyParameters = z.strictObject({
  message_id: z.number().int(),
  allow_sending_without_reply: z.boolean().optional(),
});
const METHODS: Record<string, z.ZodType> = {
  getMe: z.strictObject({}),
  getChatMemberCount: z.strictObject({ chat_id: ChatId }),
  sendMessage: z.strictObject({
    chat_id: ChatId,
    text: z.string().min(1).max(4096),
    reply_parameters: ReplyParameters.optional(),
    message_thread_id: z.number().int().optional(),
  }),
  sendPhoto: z.strictObject({ chat_id: ChatId, photo: z.string(), caption: z.string().max(1024).optional() }),
  sendMediaGroup: z.strictObject({
    chat_id: ChatId,
    media: z
      .array(
        z.strictObject({
          type: z.literal("photo"),
          media: z.string(),
          caption: z.string().max(1024).optional(),
        }),
      )
      .min(2)
      .max(10),
  }),
  editMessageText: z.strictObject({
    chat_id: ChatId,
    message_id: z.number().int(),
    text: z.string().min(1).max(4096),
  }),
  editMessageCaption: z.strictObject({
    chat_id: ChatId,
    message_id: z.number().int(),
    caption: z.string().max(1024),
  }),
  deleteMessages: z.strictObject({ chat_id: ChatId, message_ids: z.array(z.number().int()).min(1).max(100) }),
};

/** A message the fake bot has sent. */
export interface FakeTelegramMessage {
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  photos: number;
  replyTo?: number;
  deleted?: boolean;
}

/** The local Bot API: `/bot{token}/{method}`, JSON or multipart, `{ ok, result }` answers. */
export interface TelegramServer extends ProtocolServer {
  messages: FakeTelegramMessage[];
  memberCount: number;
  /** Calls that send a message, with the chat they went to. */
  sends(): { at: number; chatId: string }[];
}

const SENDING = new Set(["sendMessage", "sendPhoto", "sendMediaGroup"]);

function failure(code: number, description: string, retryAfter?: number): ProtocolAnswer {
  return {
    status: code,
    json: {
      ok: false,
      error_code: code,
      description,
      ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
    },
  };
}

async function parameters(
  request: ReceivedRequest,
): Promise<{ values: Record<string, unknown>; files: Map<string, Blob> }> {
  const files = new Map<string, Blob>();
  if (request.form) {
    const values: Record<string, unknown> = {};
    for (const [key, value] of request.form) {
      if (value instanceof Blob) {
        files.set(key, value);
        // A file in a named parameter (`photo`) is that parameter; others are `attach://` targets.
        if (key === "photo") values[key] = `attach://${key}`;
      } else if (key === "media") {
        values[key] = JSON.parse(value) as unknown;
      } else {
        values[key] = value;
      }
    }
    return { values, files };
  }
  const text = request.body.toString("utf8");
  return { values: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), files };
}

/** Starts the local Bot API for one bot token; the channel `@abakan_official` has id -1001234567890. */
export async function startTelegramServer(options: {
  botToken: string;
  now?: () => number;
}): Promise<TelegramServer> {
  const messages: FakeTelegramMessage[] = [];
  const chats = new Map<string, number>([
    ["@abakan_official", -1_001_234_567_890],
    ["-1001234567890", -1_001_234_567_890],
    ["-1001987654321", -1_001_987_654_321],
  ]);
  const sends: { at: number; chatId: string }[] = [];

  const message = (chatId: number, entry: FakeTelegramMessage, now: number): Record<string, unknown> => ({
    message_id: entry.messageId,
    date: Math.floor(now / 1000),
    chat: {
      id: chatId,
      type: chatId === -1_001_234_567_890 ? "channel" : "supergroup",
      title: "Абакан официальный",
      username: "abakan_official",
    },
    ...(entry.text === undefined ? {} : { text: entry.text }),
    ...(entry.caption === undefined ? {} : { caption: entry.caption }),
    ...(entry.photos > 0
      ? {
          photo: [
            {
              file_id: `f${entry.messageId}`,
              file_unique_id: `u${entry.messageId}`,
              width: 1280,
              height: 960,
            },
          ],
        }
      : {}),
  });

  const base = await startProtocolServer(async (request, server): Promise<ProtocolAnswer> => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path);
    if (!match || request.method !== "POST") {
      server.violations.push(`unexpected ${request.method} ${request.path}`);
      return failure(404, "Not Found");
    }
    const [, token, method] = match as unknown as [string, string, string];
    if (token !== options.botToken) return failure(401, "Unauthorized");
    const schema = METHODS[method];
    if (!schema) {
      server.violations.push(`fake Telegram has no ${method}`);
      return failure(404, "Not Found: method not found");
    }
    const { values, files } = await parameters(request);
    const checked = schema.safeParse(values);
    if (!checked.success) {
      server.violations.push(`${method}: ${checked.error.message}`);
      return failure(400, `Bad Request: ${checked.error.issues[0]?.message ?? "invalid"}`);
    }
    const chatKey = values.chat_id === undefined ? undefined : String(values.chat_id);
    const chatId = chatKey === undefined ? undefined : chats.get(chatKey);
    if (chatKey !== undefined && chatId === undefined) return failure(400, "Bad Request: chat not found");
    if (SENDING.has(method)) sends.push({ at: request.at, chatId: String(chatId) });
    const fault = takeFault(server, method);
    if (fault === "rate_limit") return failure(429, "Too Many Requests: retry after 3", 3);
    if (fault === "server_error") return failure(502, "Bad Gateway");
    if (fault === "token") return failure(401, "Unauthorized");
    if (fault === "denied") return failure(403, "Forbidden: bot is not a member of the channel chat");
    const now = request.at;
    const store = (entry: Omit<FakeTelegramMessage, "messageId" | "chatId">): Record<string, unknown> => {
      const saved = { ...entry, chatId: String(chatId), messageId: messages.length + 1 };
      messages.push(saved);
      return message(chatId!, saved, now);
    };
    let result: unknown;
    switch (method) {
      case "getMe":
        result = {
          id: 7_000_000_001,
          is_bot: true,
          first_name: "Абакан Откли́к",
          username: "abakan_otklik_bot",
        };
        break;
      case "getChatMemberCount":
        result = state.memberCount;
        break;
      case "sendMessage": {
        const reply = values.reply_parameters as { message_id: number } | undefined;
        result = store({
          text: String(values.text),
          photos: 0,
          ...(reply ? { replyTo: reply.message_id } : {}),
        });
        break;
      }
      case "sendPhoto":
        if (!files.has("photo")) server.violations.push("sendPhoto without a file");
        result = store({ caption: values.caption as string, photos: 1 });
        break;
      case "sendMediaGroup": {
        const media = values.media as { media: string; caption?: string }[];
        for (const item of media) {
          if (!files.has(item.media.replace("attach://", "")))
            server.violations.push(`media group misses ${item.media}`);
        }
        result = media.map((item) =>
          store({ ...(item.caption === undefined ? {} : { caption: item.caption }), photos: 1 }),
        );
        break;
      }
      case "editMessageText":
      case "editMessageCaption": {
        const entry = messages.find((item) => item.messageId === values.message_id);
        if (!entry) return failure(400, "Bad Request: message to edit not found");
        const next =
          method === "editMessageText" ? { text: String(values.text) } : { caption: String(values.caption) };
        if ((next.text ?? next.caption) === (entry.text ?? entry.caption)) {
          return failure(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same",
          );
        }
        Object.assign(entry, next);
        result = message(chatId!, entry, now);
        break;
      }
      case "deleteMessages":
        for (const id of values.message_ids as number[]) {
          const entry = messages.find((item) => item.messageId === id);
          if (entry) entry.deleted = true;
        }
        result = true;
        break;
    }
    if (fault === "timeout") return { hang: true };
    return { status: 200, json: { ok: true, result } };
  }, options.now);

  const state: TelegramServer = Object.assign(base, { messages, memberCount: 12_480, sends: () => sends });
  return state;
}
