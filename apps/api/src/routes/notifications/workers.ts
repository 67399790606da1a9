import {
  HearingCommentSubmitted,
  PublicationDeliveryFailed,
  PublicationPosted,
  PublicationPublished,
} from "@otklik/content";
import type { Clock } from "@otklik/core";
import {
  type Database,
  type Executor,
  type Jobs,
  type Subscription,
  subscribe,
  subscribeBatch,
} from "@otklik/db";
import { listUsers, type SendMail, systemActor } from "@otklik/identity";
import {
  getIncident,
  IncidentAssigned,
  IncidentCitizenWroteAgain,
  IncidentCreated,
  IncidentDepartmentAnswered,
  IncidentDepartmentRequested,
  type IncidentDetail,
  IncidentReplyPublished,
  IncidentSlaBreachDue,
  IncidentSlaWarningDue,
  IncidentStatusChanged,
  listIncidents,
  reporterContacts,
} from "@otklik/incidents";
import {
  type ChannelSender,
  type DigestIncident,
  type EscalationSettings,
  type IntentDependencies,
  type NotificationSenders,
  onCitizenWroteAgain,
  onDepartmentAnswered,
  onDepartmentRequested,
  onHearingCommentToModerate,
  onIncidentAssigned,
  onIncidentMoved,
  onIncidentReplyPublished,
  onIncidentResolved,
  onIncidentsCreated,
  onPublicationOutcome,
  onSlaBreach,
  onSlaWarning,
  previousWeekStart,
  type Reporter,
  runDueEscalations,
  sendDailyDigests,
  sendWeeklyDigest,
  startDigestSchedule,
  startNotificationWorkers,
  telegramBotChannel,
  webhookChannel,
} from "@otklik/notifications";
import { abakanCalendars } from "@otklik/sla";
import type { Logger } from "pino";
import type { ApiEnv } from "../../config/env.js";

/**
 * How the reporters of an incident can be reached outside the channel it came from: a site-form
 * reporter by the e-mail in their consent (identity's ledger), while it is in force.
 */
export type ReporterContacts = (incident: IncidentDetail) => Promise<Reporter[]>;

/** Reporters by channel only: nobody is e-mailed (for wiring that must not write to citizens). */
export const reportersByChannel: ReporterContacts = async (incident) =>
  incident.reporters.map((reporter) => ({ channel: reporter.channel, email: null, locale: "ru" as const }));

/**
 * The default: the desk's `reporterContacts` — every reporter of the incident, a site-form reporter
 * with the e-mail of their consent while it is neither withdrawn nor erased.
 */
export function reportersFromDesk(db: Executor, clock: Clock): ReporterContacts {
  return async (incident) =>
    (await reporterContacts(desk(db, clock), incident.id)).map((contact) => ({
      channel: contact.channel,
      email: contact.email,
      locale: contact.locale,
    }));
}

const OPEN_STATUSES = ["new", "assigned", "in_progress", "waiting_for_citizen", "reopened"];
/** A delivery that went or is going out through its channel; a failed one did not reach anybody. */
const REACHED = new Set(["queued", "sending", "sent", "delivered", "unknown"]);
/** Channels whose "delivery" is the tracking page (and Open311's `status_notes`): it reaches nobody's inbox. */
const NOT_PUSHED = new Set(["site", "open311"]);

const desk = (db: Executor, clock: Clock) => ({ db, clock, actor: systemActor("notifications") });

/** The social pages as the editors' notices name them (content's `platform`). */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  vk: "ВКонтакте / VK",
  telegram: "Telegram",
  ok: "Одноклассники / OK",
  max: "MAX",
};

/** What the notification subscriptions need besides the intents' dependencies. */
export interface NotificationWiring {
  reporterContacts?: ReporterContacts;
}

/**
 * What the incident desk's and content's events do here: each subscriber is idempotent (keyed by
 * the event id) and has its own queue, so a failing one never holds up the others.
 */
export function notificationSubscriptions(
  deps: IntentDependencies,
  wiring: NotificationWiring = {},
): Subscription[] {
  const contactsOf = wiring.reporterContacts ?? reportersFromDesk(deps.db, deps.clock);
  return [
    // One statement per relay batch: every registered incident causes this one, so it is batched.
    subscribeBatch(IncidentCreated, "notifications.incident-created", (events) =>
      onIncidentsCreated(
        deps,
        events.map((event) => event.payload),
      ),
    ),
    subscribe(IncidentAssigned, "notifications.incident-assigned", async (event) => {
      await onIncidentAssigned(deps, event.payload, event.id);
    }),
    subscribe(IncidentStatusChanged, "notifications.incident-status-changed", async (event) => {
      await onIncidentMoved(deps, {
        incidentId: event.payload.incidentId,
        reason: `status: ${event.payload.to}`,
      });
    }),
    subscribe(IncidentStatusChanged, "notifications.incident-resolved", async (event) => {
      if (event.payload.to !== "resolved") return;
      const incident = await getIncident(desk(deps.db, deps.clock), event.payload.incidentId);
      const publicReplies = incident.replies.filter((reply) => reply.visibility === "public");
      await onIncidentResolved(deps, {
        incidentId: incident.id,
        number: incident.number,
        reply: publicReplies.at(-1)?.text ?? "",
        reporters: await contactsOf(incident),
        // Each reply goes to every reporter's own origin: the channels whose delivery reached them.
        repliedChannels: publicReplies.flatMap((reply) =>
          reply.deliveries
            .filter((delivery) => REACHED.has(delivery.state) && !NOT_PUSHED.has(delivery.channel))
            .map((delivery) => delivery.channel),
        ),
        eventId: event.id,
      });
    }),
    subscribe(IncidentReplyPublished, "notifications.incident-reply-published", async (event) => {
      await onIncidentMoved(deps, { incidentId: event.payload.incidentId, reason: "public reply" });
    }),
    // The site has no outbound channel: its reporters get the public reply by e-mail.
    subscribe(IncidentReplyPublished, "notifications.incident-reply-emailed", async (event) => {
      const incident = await getIncident(desk(deps.db, deps.clock), event.payload.incidentId);
      const reply = incident.replies.find((item) => item.id === event.payload.replyId);
      if (!reply) return;
      await onIncidentReplyPublished(deps, {
        incidentId: incident.id,
        replyId: reply.id,
        number: incident.number,
        reply: reply.text,
        reporters: await contactsOf(incident),
      });
    }),
    subscribe(IncidentSlaWarningDue, "notifications.sla-warning", async (event) => {
      await onSlaWarning(deps, event.payload, event.id);
    }),
    subscribe(IncidentSlaBreachDue, "notifications.sla-breach", async (event) => {
      await onSlaBreach(deps, event.payload);
    }),
    subscribe(IncidentCitizenWroteAgain, "notifications.citizen-wrote-again", async (event) => {
      const incident = await getIncident(desk(deps.db, deps.clock), event.payload.incidentId);
      const entry = incident.timeline.find(
        (item) => item.kind === "continuation" && item.data.inboxItemId === event.payload.inboxItemId,
      );
      await onCitizenWroteAgain(
        deps,
        {
          incidentId: incident.id,
          number: incident.number,
          channel: event.payload.channel,
          text: entry?.comment ?? "",
        },
        event.id,
      );
    }),
    subscribe(IncidentDepartmentRequested, "notifications.department-requested", async (event) => {
      await onDepartmentRequested(deps, event.payload);
    }),
    subscribe(IncidentDepartmentAnswered, "notifications.department-answered", async (event) => {
      await onDepartmentAnswered(deps, event.payload);
    }),
    subscribe(PublicationPublished, "notifications.publication-published", async (event) => {
      await onPublicationOutcome(deps, {
        key: event.id,
        publicationId: event.payload.publicationId,
        title: event.payload.title,
        channel: "сайт / site",
        outcome: "published",
      });
    }),
    // Cross-posting: each page's outcome, once per variant and attempt (content emits it on the move
    // out of `queued`; the key makes a redelivered event write nothing more).
    subscribe(PublicationPosted, "notifications.publication-posted", async (event) => {
      await onPublicationOutcome(deps, {
        key: `${event.payload.variantId}:${event.payload.attempt}`,
        publicationId: event.payload.publicationId,
        title: event.payload.title,
        channel: PLATFORM_NAMES[event.payload.platform] ?? event.payload.platform,
        outcome: "published",
      });
    }),
    subscribe(PublicationDeliveryFailed, "notifications.publication-delivery-failed", async (event) => {
      await onPublicationOutcome(deps, {
        key: `${event.payload.variantId}:${event.payload.attempt}`,
        publicationId: event.payload.publicationId,
        title: event.payload.title,
        channel: PLATFORM_NAMES[event.payload.platform] ?? event.payload.platform,
        outcome: "failed",
        reason: event.payload.error,
      });
    }),
    // A citizen's hearing comment waits for premoderation: the moderators (editors) learn, with the count.
    subscribe(HearingCommentSubmitted, "notifications.hearing-comment-to-moderate", async (event) => {
      await onHearingCommentToModerate(deps, {
        key: event.payload.commentId,
        publicationId: event.payload.publicationId,
        title: event.payload.title,
        pending: event.payload.awaitingModeration,
      });
    }),
  ];
}

/** E-mail through the app's mail sender (the one identity uses for password resets). */
function mailChannel(sendMail: SendMail): ChannelSender {
  return async (notification) => {
    await sendMail({
      to: notification.address,
      subject: notification.subject,
      text: notification.body,
      html: `<p>${notification.body.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll("\n", "<br>")}</p>`,
    });
    return "sent";
  };
}

/** The notification settings the environment gives: the staff bot, the webhook, the digests' times. */
export interface NotificationEnvironment {
  timeZone: string;
  telegramBotToken?: string;
  telegramApiUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  digests?: { dailyAt: string; weeklyDay: ApiEnv["OTKLIK_DIGEST_WEEKLY_DAY"]; weeklyAt: string };
  weeklyDigestRoles?: readonly string[];
}

/** Reads the notification settings out of the parsed environment; a webhook URL without a secret is refused. */
export function notificationEnvironment(env: ApiEnv): NotificationEnvironment {
  if (env.OTKLIK_NOTIFY_WEBHOOK_URL && !env.OTKLIK_NOTIFY_WEBHOOK_SECRET) {
    throw new Error(
      "OTKLIK_NOTIFY_WEBHOOK_URL задан без OTKLIK_NOTIFY_WEBHOOK_SECRET: вебхуки подписываются / " +
        "OTKLIK_NOTIFY_WEBHOOK_URL needs OTKLIK_NOTIFY_WEBHOOK_SECRET: webhooks are signed",
    );
  }
  return {
    timeZone: env.OTKLIK_TIME_ZONE,
    telegramApiUrl: env.OTKLIK_TELEGRAM_API_URL,
    ...(env.OTKLIK_TELEGRAM_STAFF_BOT_TOKEN ? { telegramBotToken: env.OTKLIK_TELEGRAM_STAFF_BOT_TOKEN } : {}),
    ...(env.OTKLIK_NOTIFY_WEBHOOK_URL ? { webhookUrl: env.OTKLIK_NOTIFY_WEBHOOK_URL } : {}),
    ...(env.OTKLIK_NOTIFY_WEBHOOK_SECRET ? { webhookSecret: env.OTKLIK_NOTIFY_WEBHOOK_SECRET } : {}),
    digests: {
      dailyAt: env.OTKLIK_DIGEST_DAILY_AT,
      weeklyDay: env.OTKLIK_DIGEST_WEEKLY_DAY,
      weeklyAt: env.OTKLIK_DIGEST_WEEKLY_AT,
    },
    weeklyDigestRoles: env.OTKLIK_DIGEST_WEEKLY_ROLES,
  };
}

/**
 * The push channels' senders: e-mail through the app's mail sender, the staff bot when its token is
 * set, webhooks (personal ones and the office's) when their secret is set. A channel left out fails
 * its notifications with `no_sender` — nothing is pretended sent.
 */
export function notificationSenders(
  sendMail: SendMail,
  environment: NotificationEnvironment,
): NotificationSenders {
  return {
    email: mailChannel(sendMail),
    ...(environment.telegramBotToken
      ? {
          telegram: telegramBotChannel({
            botToken: environment.telegramBotToken,
            ...(environment.telegramApiUrl ? { baseUrl: environment.telegramApiUrl } : {}),
          }),
        }
      : {}),
    ...(environment.webhookSecret ? { webhook: webhookChannel({ secret: environment.webhookSecret }) } : {}),
  };
}

/** The desk's incidents as the digests see them, read through `@otklik/incidents` (all pages). */
export async function digestIncidents(
  db: Executor,
  clock: Clock,
  options: { openOnly: boolean },
): Promise<DigestIncident[]> {
  const out: DigestIncident[] = [];
  const statuses = options.openOnly ? OPEN_STATUSES : [undefined];
  for (const status of statuses) {
    let cursor: string | undefined;
    do {
      const page = await listIncidents(desk(db, clock), {
        limit: 100,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      for (const incident of page.items) {
        out.push({
          id: incident.id,
          number: incident.number,
          title: incident.text.length > 80 ? `${incident.text.slice(0, 79)}…` : incident.text,
          departmentId: incident.departmentId,
          open: OPEN_STATUSES.includes(incident.status),
          dueAt: incident.dueAt ? new Date(incident.dueAt) : null,
          breached: incident.slaState === "breached",
          createdAt: new Date(incident.createdAt),
          resolvedAt: null,
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return out;
}

/** Sends today's daily digests (open, due today, breached) to the department heads. Keyed by day. */
export async function runDailyDigests(deps: IntentDependencies) {
  return sendDailyDigests({
    db: deps.db,
    clock: deps.clock,
    incidents: await digestIncidents(deps.db, deps.clock, { openOnly: true }),
    ...(deps.settings.timeZone ? { timeZone: deps.settings.timeZone } : {}),
    settings: deps.settings,
  });
}

/** Sends the office's digest of the last full week to the staff with `roles`. Keyed by week. */
export async function runWeeklyDigest(deps: IntentDependencies, roles: readonly string[]) {
  const timeZone = deps.settings.timeZone ?? "Asia/Krasnoyarsk";
  const recipientUserIds = await staffWithRoles(deps, roles);
  return sendWeeklyDigest({
    db: deps.db,
    clock: deps.clock,
    incidents: await digestIncidents(deps.db, deps.clock, { openOnly: false }),
    weekStart: previousWeekStart(deps.clock.now(), timeZone),
    recipientUserIds,
    timeZone,
    settings: deps.settings,
  });
}

async function staffWithRoles(deps: IntentDependencies, roles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(desk(deps.db, deps.clock), { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) {
      if (user.active && user.roles.some((role) => roles.includes(role))) found.push(user.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

/**
 * Starts notification delivery (with the staff bot and webhooks the environment configures), the
 * escalation runner and the digests' schedule on a started jobs runner. Answers how many waiting
 * notifications got a job, and the subscriptions to give the API's one event relay.
 */
export async function startNotificationSubsystem(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  logger: Logger;
  sendMail: SendMail;
  environment: NotificationEnvironment;
  wiring?: NotificationWiring;
}): Promise<{ queued: number; subscriptions: Subscription[] }> {
  const { db, clock, jobs, environment } = args;
  const settings: EscalationSettings = {
    timeZone: environment.timeZone,
    jobs,
    dutyCalendar: abakanCalendars().duty!,
    ...(environment.webhookUrl ? { defaultWebhookUrl: environment.webhookUrl } : {}),
  };
  const deps = { db, clock, settings };
  const queued = await startNotificationWorkers({
    db,
    clock,
    jobs,
    senders: notificationSenders(args.sendMail, environment),
    alsoEverySweep: async () => {
      const ran = await runDueEscalations(db, clock, settings);
      if (ran > 0) args.logger.info({ ran }, "escalation steps ran");
    },
  });
  const crons = await startDigestSchedule({
    jobs,
    timeZone: environment.timeZone,
    ...(environment.digests ? { schedule: environment.digests } : {}),
    daily: async () => {
      const written = await runDailyDigests(deps);
      args.logger.info({ written: written.length }, "daily digests");
    },
    weekly: async () => {
      const written = await runWeeklyDigest(deps, environment.weeklyDigestRoles ?? ["admin", "analyst"]);
      args.logger.info({ written: written.length }, "weekly digest");
    },
  });
  args.logger.info({ crons, timeZone: environment.timeZone }, "digests scheduled");
  return { queued, subscriptions: notificationSubscriptions(deps, args.wiring) };
}
