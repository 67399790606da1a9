import {
  type ConnectionSummary,
  createSecretBox,
  type DeliveryReport,
  getConnection,
  listConnections,
  type OutboundLink,
  replyThroughConnection,
  type SecretBox,
  type SecretKeyring,
} from "@otklik/channels";
import type { Clock } from "@otklik/core";
import type { Database } from "@otklik/db";
import type { ReplyDeliveryResult, ReplySender, ReplyToDeliver } from "../desk/deliver-reply.js";

/** Why a reply was not delivered while no channel connection is configured for its channel. */
export const NO_CONNECTION_REASON =
  "Подключение к каналу не настроено / No connection configured for this channel";

/** Why nothing is sent for the site's and Open311's incidents. */
export const PUBLISHED_ON_TRACKING =
  "Ответ виден по ссылке отслеживания (сайт) и в status_notes (Open311) / Shown on the tracking page and in Open311 status_notes";

/** Options of {@link channelsReplySender}. */
export interface ChannelsReplySenderOptions {
  db: Database;
  clock: Clock;
  /** The connections' secret box, or the keyring (`OTKLIK_CHANNELS_KEY`) to open one with. */
  box?: SecretBox;
  keyring?: SecretKeyring;
  /** For tests: channels' inline waits between safe retries. */
  sleep?: (milliseconds: number) => Promise<void>;
  timeoutMilliseconds?: number;
}

const failed = (reason: string): ReplyDeliveryResult => ({ state: "failed", reason });

/** The channels' delivery key of a reply: the same for every run of the same reply. */
export function channelDeliveryKey(reply: Pick<ReplyToDeliver, "idempotencyKey">): string {
  return `incident-reply:${reply.idempotencyKey}`;
}

function linkType(kind: string): OutboundLink["type"] {
  if (kind === "photo" || kind === "video" || kind === "link") return kind;
  return "file";
}

/** Where a reply goes on a channel: the thread, and the item it answers when there is one. */
export interface ReplyTarget {
  conversationId: string;
  replyToId?: string;
}

/** Where a reply goes on its channel, or why it cannot go anywhere. */
export function replyTarget(reply: ReplyToDeliver): ReplyTarget | string {
  switch (reply.channel) {
    case "platform":
      if (!reply.externalId) return "Нет номера обращения на платформе / No platform incident id";
      return { conversationId: reply.externalId };
    case "vk":
    case "telegram":
    case "max": {
      if (!reply.conversationId || !reply.externalId) {
        return "Неизвестно, куда отвечать: нет исходного сообщения / No original item to reply to";
      }
      // A VK private message is answered in the dialogue (no reply-to); a comment under its comment.
      if (reply.channel === "vk" && reply.itemKind === "message")
        return { conversationId: reply.conversationId };
      return { conversationId: reply.conversationId, replyToId: reply.externalId };
    }
    default:
      return `Канал «${reply.channel ?? "?"}» не принимает ответы / The ${reply.channel ?? "?"} channel takes no replies`;
  }
}

/**
 * The connection a reply goes through: for VK the community whose wall the comment is on
 * (`-groupId`), for Telegram and MAX the one whose chats include the conversation, else the only
 * connection of the platform. Answers a reason when there is none or several fit.
 */
export function chooseConnection(
  reply: ReplyToDeliver,
  target: ReplyTarget,
  connections: readonly ConnectionSummary[],
): ConnectionSummary | string {
  const own = connections.filter((connection) => connection.platform === reply.channel);
  if (own.length === 0) return NO_CONNECTION_REASON;
  const settings = (connection: ConnectionSummary) => connection.settings as Record<string, unknown>;
  let fitting: ConnectionSummary[] = own;
  if (reply.channel === "vk" && target.conversationId.includes("_")) {
    const owner = Number(target.conversationId.split("_")[0]);
    fitting = own.filter((connection) => settings(connection).groupId === -owner);
  } else if (reply.channel === "telegram" || reply.channel === "max") {
    const chats = (connection: ConnectionSummary) =>
      [
        settings(connection).channelChatId,
        settings(connection).discussionChatId,
        settings(connection).chatId,
      ].map((value) => (value === undefined ? undefined : String(value)));
    const matching = own.filter((connection) => chats(connection).includes(target.conversationId));
    if (matching.length > 0) fitting = matching;
  }
  if (fitting.length === 1) return fitting[0] as ConnectionSummary;
  return fitting.length === 0
    ? `Нет подключения для ${target.conversationId} / No connection for ${target.conversationId}`
    : `Несколько подключений ${reply.channel}: не выбрать / Several ${reply.channel} connections fit`;
}

/** Channels' delivery report as the desk records it. */
export function replyResultOf(report: DeliveryReport): ReplyDeliveryResult {
  switch (report.state) {
    case "sent":
      return { state: "sent", platformReplyId: report.item.platformId };
    case "failed":
      return {
        state: "failed",
        reason: `Не доставлено (${report.error.kind}${report.error.code ? ` ${report.error.code}` : ""}): ${report.error.message} / Not delivered`,
      };
    case "retry_later":
      return {
        state: "retry_later",
        retryAt: report.retryAt,
        reason: `Повтор позже (${report.error.kind}): ${report.error.message} / Retrying later`,
      };
    default:
      return { state: "unknown" };
  }
}

/**
 * Delivers the desk's public replies through the city's stored channel connections
 * (`@otklik/channels`): a VK comment reply under the citizen's comment (or in the dialogue), a
 * Telegram reply quoting the comment in the discussion group, a MAX reply, the incident platform's
 * answer call. Rate limits, safe retries, recorded attempts and «never a blind re-send» are channels'
 * `deliver`, keyed by the reply's idempotency key. The site's and Open311's incidents have no outbound
 * channel: the reply is `published` on the tracking page and in Open311's `status_notes`. Without a
 * key or a connection the reply fails honestly with the reason.
 */
export function channelsReplySender(options: ChannelsReplySenderOptions): ReplySender {
  const box = options.box ?? (options.keyring ? createSecretBox(options.keyring) : undefined);
  return async (reply) => {
    if (reply.channel === "site" || reply.channel === "open311") {
      return { state: "published", reason: PUBLISHED_ON_TRACKING };
    }
    const target = replyTarget(reply);
    if (typeof target === "string") return failed(target);
    if (!box) return failed(`${NO_CONNECTION_REASON} (OTKLIK_CHANNELS_KEY)`);
    const chosen = chooseConnection(reply, target, await listConnections({ db: options.db }));
    if (typeof chosen === "string") return failed(chosen);
    const connection = await getConnection({ db: options.db, box, id: chosen.id });
    const links: OutboundLink[] = reply.attachments.map((attachment) => ({
      type: linkType(attachment.kind),
      url: attachment.url,
    }));
    const report = await replyThroughConnection({
      db: options.db,
      clock: options.clock,
      connection,
      idempotencyKey: channelDeliveryKey(reply),
      reply: { text: reply.text, ...target, ...(links.length > 0 ? { links } : {}) },
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
    });
    return replyResultOf(report);
  };
}
