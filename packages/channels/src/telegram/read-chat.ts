import { z } from "zod";
import type { AudienceFigure, HealthReport } from "../connector/connector.js";
import { callTelegramMethod, type TelegramCallContext } from "./call-method.js";

const Me = z.object({ id: z.number(), is_bot: z.boolean(), username: z.string().optional() }).loose();

/** The test call: `getMe`. */
export async function testTelegramConnection(context: TelegramCallContext): Promise<HealthReport> {
  try {
    const me = Me.parse(await callTelegramMethod(context, "getMe", {}, { repeatable: true }));
    return { healthy: true, description: me.username ? `@${me.username}` : String(me.id) };
  } catch (error) {
    return { healthy: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The channel's subscriber count: `getChatMemberCount`. */
export async function readTelegramAudience(
  context: TelegramCallContext,
  chatId: string,
): Promise<AudienceFigure[]> {
  const count = z
    .number()
    .parse(
      await callTelegramMethod(context, "getChatMemberCount", { chat_id: chatId }, { repeatable: true }),
    );
  return [{ metric: "subscribers", value: count }];
}
