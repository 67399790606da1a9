import { z } from "zod";
import type { AudienceFigure, HealthReport } from "../connector/connector.js";
import { callMaxApi, type MaxCallContext } from "./call-api.js";

const Me = z
  .object({ user_id: z.number(), name: z.string().optional(), username: z.string().nullable().optional() })
  .loose();
const Chat = z
  .object({
    chat_id: z.number(),
    participants_count: z.number().optional(),
    title: z.string().nullable().optional(),
  })
  .loose();

/** The test call: `GET /me`. */
export async function testMaxConnection(context: MaxCallContext): Promise<HealthReport> {
  try {
    const me = Me.parse(await callMaxApi(context, "GET", "/me", { repeatable: true }));
    return { healthy: true, description: me.username ? `@${me.username}` : (me.name ?? String(me.user_id)) };
  } catch (error) {
    return { healthy: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The chat's member count: `GET /chats/{chatId}` → `participants_count`. */
export async function readMaxAudience(context: MaxCallContext, chatId: number): Promise<AudienceFigure[]> {
  const chat = Chat.parse(await callMaxApi(context, "GET", `/chats/${chatId}`, { repeatable: true }));
  return chat.participants_count === undefined ? [] : [{ metric: "members", value: chat.participants_count }];
}
