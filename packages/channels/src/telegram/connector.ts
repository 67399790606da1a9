import type { z } from "zod";
import type { Connector } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import type { TelegramCallContext } from "./call-method.js";
import { deleteTelegramPost, editTelegramPost } from "./edit-post.js";
import { publishTelegramPost } from "./publish-post.js";
import { readTelegramAudience, testTelegramConnection } from "./read-chat.js";
import { receiveTelegramUpdate } from "./receive-update.js";
import { replyOnTelegram } from "./reply.js";
import { TelegramSecrets, TelegramSettings } from "./settings.js";

/** Everything a Telegram connector is made from. */
export interface TelegramConnectorOptions {
  settings: z.input<typeof TelegramSettings>;
  secrets: TelegramSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/**
 * The connector to one Telegram channel through a bot. Telegram offers bots no way to look up a
 * channel's history, so a post lost to a timeout is left for a person (`findLostDelivery` → null).
 */
export function createTelegramConnector(options: TelegramConnectorOptions): Connector {
  const settings = TelegramSettings.parse(options.settings);
  const secrets = TelegramSecrets.parse(options.secrets);
  const context: TelegramCallContext = {
    baseUrl: settings.baseUrl,
    botToken: secrets.botToken,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  };
  const channel = settings.channelChatId;
  return {
    platform: "telegram",
    limits: CONNECTOR_LIMITS.telegram,
    receive: (request) => receiveTelegramUpdate(request, secrets.webhookSecret),
    publishPost: (post) => publishTelegramPost(context, channel, post),
    editPost: (platformId, post) => editTelegramPost(context, channel, platformId, post),
    deletePost: (platformId) => deleteTelegramPost(context, channel, platformId),
    sendReply: (reply) => replyOnTelegram(context, reply),
    findLostDelivery: async () => null,
    testConnection: () => testTelegramConnection(context),
    readAudience: () => readTelegramAudience(context, channel),
  };
}
