import type { z } from "zod";
import type { Connector } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import type { OkCallContext } from "./call-method.js";
import { deleteOkPost, editOkPost, findLostOkPost, publishOkPost } from "./publish-post.js";
import { readOkAudience, testOkConnection } from "./read-group.js";
import { OkSecrets, OkSettings } from "./settings.js";

/** Everything an OK connector is made from. */
export interface OkConnectorOptions {
  settings: z.input<typeof OkSettings>;
  secrets: OkSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/**
 * The connector to one OK group: group topics out. OK's group webhooks are for bot chats only, so
 * comments are read by the incident platform (which covers OK) rather than here.
 */
export function createOkConnector(options: OkConnectorOptions): Connector {
  const settings = OkSettings.parse(options.settings);
  const secrets = OkSecrets.parse(options.secrets);
  const context: OkCallContext = {
    baseUrl: settings.baseUrl,
    applicationKey: settings.applicationKey,
    secrets,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  };
  const group = settings.groupId;
  return {
    platform: "ok",
    limits: CONNECTOR_LIMITS.ok,
    publishPost: (post) => publishOkPost(context, group, post),
    editPost: (topicId, post) => editOkPost(context, group, topicId, post),
    deletePost: (topicId) => deleteOkPost(context, group, topicId),
    findLostDelivery: (query) => findLostOkPost(context, group, query),
    testConnection: () => testOkConnection(context, group),
    readAudience: () => readOkAudience(context, group),
  };
}
