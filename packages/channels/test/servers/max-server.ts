import { z } from "zod";
import {
  type ProtocolAnswer,
  type ProtocolServer,
  type ReceivedRequest,
  startProtocolServer,
  takeFault,
} from "./protocol-server.js";

/** `NewMessageBody` of https://dev.max.ru/docs-api/methods/POST/messages, as far as Otklik uses it. */
const NewMessageBody = z.strictObject({
  text: z.string().max(4000).nullable().optional(),
  attachments: z
    .array(
      z.strictObject({ type: z.literal("image"), payload: z.strictObject({ token: z.string().min(1) }) }),
    )
    .max(12)
    .optional(),
  link: z.strictObject({ type: z.enum(["reply", "forward"]), mid: z.string() }).optional(),
  format: z.enum(["markdown", "html"]).optional(),
  notify: z.boolean().optional(),
});

/** A message the fake bot has sent. */
export interface FakeMaxMessage {
  mid: string;
  chatId: number;
  text: string;
  images: string[];
  replyTo?: string;
  timestamp: number;
  deleted?: boolean;
}

/** The local MAX Bot API: token in `Authorization`, JSON bodies, `{ code, message }` errors. */
export interface MaxServer extends ProtocolServer {
  messages: FakeMaxMessage[];
  participants: number;
  /** Message sends, with the chat they went to. */
  sends(): { at: number; chatId: number }[];
}

function maxError(status: number, code: string, message: string): ProtocolAnswer {
  return { status, json: { code, message } };
}

/** Starts the local MAX API for one bot token and one channel. */
export async function startMaxServer(options: {
  botToken: string;
  chatId: number;
  now?: () => number;
}): Promise<MaxServer> {
  const messages: FakeMaxMessage[] = [];
  const tokens = new Set<string>();
  const sends: { at: number; chatId: number }[] = [];
  const view = (message: FakeMaxMessage) => ({
    sender: {
      user_id: 9_001,
      first_name: "Абакан Отклик",
      name: "Абакан Отклик",
      username: "abakan_otklik_bot",
      is_bot: true,
    },
    recipient: { chat_id: message.chatId, chat_type: "channel" },
    timestamp: message.timestamp,
    body: {
      mid: message.mid,
      seq: messages.indexOf(message) + 1,
      text: message.text,
      attachments: message.images.map((token) => ({ type: "image", payload: { token } })),
    },
    url: `https://max.ru/c/${message.chatId}/${message.mid}`,
  });
  const base = await startProtocolServer(
    (request: ReceivedRequest, server: ProtocolServer): ProtocolAnswer => {
      if (request.path === "/upload/image") {
        const file = request.form?.get("data");
        if (!(file instanceof Blob) || file.size === 0) server.violations.push("image upload without data");
        const token = `img-token-${tokens.size + 1}`;
        tokens.add(token);
        return { status: 200, json: { photos: { [`k${tokens.size}`]: { token } } } };
      }
      if (request.query.has("access_token"))
        server.violations.push("token in the query: MAX takes it only in Authorization");
      if (request.headers.authorization !== options.botToken)
        return maxError(401, "verify.token", "Invalid access_token");
      const operation = `${request.method} ${request.path}`;
      const fault = takeFault(server, operation);
      if (fault === "rate_limit") return maxError(429, "too.many.requests", "Too many requests");
      if (fault === "server_error") return maxError(503, "service.unavailable", "Service unavailable");
      if (fault === "token") return maxError(401, "verify.token", "Invalid access_token");
      if (fault === "denied") return maxError(403, "chat.denied", "Bot is not an admin of the chat");
      let answer: unknown;
      const body =
        request.body.length > 0 ? (JSON.parse(request.body.toString("utf8")) as unknown) : undefined;
      if (request.method === "GET" && request.path === "/me") {
        answer = {
          user_id: 9_001,
          first_name: "Абакан Отклик",
          name: "Абакан Отклик",
          username: "abakan_otklik_bot",
          is_bot: true,
          last_activity_time: request.at,
        };
      } else if (request.method === "GET" && request.path === `/chats/${options.chatId}`) {
        answer = {
          chat_id: options.chatId,
          type: "channel",
          status: "active",
          title: "Абакан официальный",
          participants_count: state.participants,
          is_public: true,
        };
      } else if (request.method === "POST" && request.path === "/uploads") {
        if (request.query.get("type") !== "image")
          server.violations.push(`upload type ${request.query.get("type")}`);
        answer = { url: `${server.url}/upload/image?sig=abc` };
      } else if (request.path === "/messages" && (request.method === "POST" || request.method === "PUT")) {
        const checked = NewMessageBody.safeParse(body);
        if (!checked.success) {
          server.violations.push(`${operation}: ${checked.error.message}`);
          return maxError(400, "proto.payload", checked.error.issues[0]?.message ?? "invalid");
        }
        const images = (checked.data.attachments ?? []).map((attachment) => attachment.payload.token);
        for (const token of images)
          if (!tokens.has(token)) server.violations.push(`unknown image token ${token}`);
        if (request.method === "POST") {
          const chatId = Number(request.query.get("chat_id"));
          if (!Number.isInteger(chatId)) server.violations.push("POST /messages without chat_id");
          sends.push({ at: request.at, chatId });
          const message: FakeMaxMessage = {
            mid: `mid.${(messages.length + 1).toString(16).padStart(16, "0")}`,
            chatId,
            text: checked.data.text ?? "",
            images,
            timestamp: request.at,
            ...(checked.data.link ? { replyTo: checked.data.link.mid } : {}),
          };
          messages.push(message);
          answer = { message: view(message) };
        } else {
          const message = messages.find((item) => item.mid === request.query.get("message_id"));
          if (!message) return maxError(404, "not.found", "Message not found");
          Object.assign(message, { text: checked.data.text ?? "", images });
          answer = { success: true };
        }
      } else if (request.method === "DELETE" && request.path === "/messages") {
        const message = messages.find((item) => item.mid === request.query.get("message_id"));
        if (message) message.deleted = true;
        answer = { success: true };
      } else if (request.method === "GET" && request.path === "/messages") {
        const chatId = Number(request.query.get("chat_id"));
        answer = {
          messages: messages
            .filter((item) => item.chatId === chatId && !item.deleted)
            .reverse()
            .map(view),
        };
      } else {
        server.violations.push(`unexpected ${operation}`);
        return maxError(404, "not.found", "Path not found");
      }
      if (fault === "timeout") return { hang: true };
      return { status: 200, json: answer };
    },
    options.now,
  );
  const state: MaxServer = Object.assign(base, { messages, participants: 3_210, sends: () => sends });
  return state;
}
