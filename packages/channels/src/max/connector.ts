import { type Clock, systemClock } from "@otklik/core";
import type { z } from "zod";
import type { Connector } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import type { MaxCallContext } from "./call-api.js";
import { readMaxAudience, testMaxConnection } from "./read-chat.js";
import { receiveMaxUpdate } from "./receive-update.js";
import {
  deleteMaxPost,
  editMaxPost,
  findLostMaxMessage,
  publishMaxPost,
  replyOnMax,
} from "./send-message.js";
import { MaxSecrets, MaxSettings } from "./settings.js";

/** Everything a MAX connector is made from. */
export interface MaxConnectorOptions {
  settings: z.input<typeof MaxSettings>;
  secrets: MaxSecrets;
  clock?: Clock;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** The connector to one MAX channel through a bot. */
export function createMaxConnector(options: MaxConnectorOptions): Connector {
  const settings = MaxSettings.parse(options.settings);
  const secrets = MaxSecrets.parse(options.secrets);
  const clock = options.clock ?? systemClock;
  const context: MaxCallContext = {
    baseUrl: settings.baseUrl,
    botToken: secrets.botToken,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  };
  const chat = settings.chatId;
  return {
    platform: "max",
    limits: CONNECTOR_LIMITS.max,
    receive: (request) => receiveMaxUpdate(request, secrets.webhookSecret, clock),
    publishPost: (post) => publishMaxPost(context, chat, post),
    editPost: (messageId, post) => editMaxPost(context, chat, messageId, post),
    deletePost: (messageId) => deleteMaxPost(context, chat, messageId),
    sendReply: (reply) => replyOnMax(context, reply),
    findLostDelivery: (query) => findLostMaxMessage(context, chat, query),
    testConnection: () => testMaxConnection(context),
    readAudience: () => readMaxAudience(context, chat),
  };
}
