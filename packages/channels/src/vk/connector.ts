import { type Clock, systemClock } from "@otklik/core";
import type { z } from "zod";
import type { Connector } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import type { VkCallContext } from "./call-method.js";
import { deleteVkPost, editVkPost } from "./edit-post.js";
import { findLostVkPost } from "./find-lost-post.js";
import { publishVkPost } from "./publish-post.js";
import { readVkAudience, testVkConnection } from "./read-community.js";
import { receiveVkCallback } from "./receive-callback.js";
import { replyOnVk } from "./reply-to-comment.js";
import { VkSecrets, VkSettings } from "./settings.js";

/** Everything a VK connector is made from. */
export interface VkConnectorOptions {
  settings: z.input<typeof VkSettings>;
  secrets: VkSecrets;
  clock?: Clock;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** The connector to one VK community: Callback API in, wall posts and replies out. */
export function createVkConnector(options: VkConnectorOptions): Connector {
  const settings = VkSettings.parse(options.settings);
  const secrets = VkSecrets.parse(options.secrets);
  const clock = options.clock ?? systemClock;
  const context: VkCallContext = {
    groupId: settings.groupId,
    baseUrl: settings.baseUrl,
    secrets,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  };
  return {
    platform: "vk",
    limits: CONNECTOR_LIMITS.vk,
    receive: (request) =>
      receiveVkCallback(
        request,
        {
          groupId: settings.groupId,
          callbackSecret: secrets.callbackSecret,
          confirmationCode: secrets.confirmationCode,
        },
        clock,
      ),
    publishPost: (post, sendOptions) => publishVkPost(context, post, sendOptions.idempotencyKey),
    editPost: (platformId, post) => editVkPost(context, platformId, post),
    deletePost: (platformId) => deleteVkPost(context, platformId),
    sendReply: (reply, sendOptions) => replyOnVk(context, reply, sendOptions.idempotencyKey),
    findLostDelivery: (query) => findLostVkPost(context, query),
    testConnection: () => testVkConnection(context),
    readAudience: () => readVkAudience(context),
  };
}
