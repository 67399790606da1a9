import type { Clock } from "@otklik/core";
import { type Database, type Jobs, startEventRelay, subscribe } from "@otklik/db";
import type { SendMail } from "@otklik/identity";
import {
  IncidentAssigned,
  IncidentCreated,
  IncidentReplyPublished,
  IncidentSlaBreachDue,
  IncidentSlaWarningDue,
  IncidentStatusChanged,
} from "@otklik/incidents";
import {
  type ChannelSender,
  type IntentDependencies,
  onIncidentAssigned,
  onIncidentCreated,
  onIncidentMoved,
  onSlaBreach,
  onSlaWarning,
  runDueEscalations,
  startNotificationWorkers,
} from "@otklik/notifications";
import { abakanCalendars } from "@otklik/sla";
import type { Logger } from "pino";

/** What the incident desk's events do here: each subscriber is idempotent (keyed by the event id). */
export function notificationSubscriptions(deps: IntentDependencies) {
  return [
    subscribe(IncidentCreated, "notifications.incident-created", (event) =>
      onIncidentCreated(deps, event.payload),
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
    subscribe(IncidentReplyPublished, "notifications.incident-reply-published", async (event) => {
      await onIncidentMoved(deps, { incidentId: event.payload.incidentId, reason: "public reply" });
    }),
    subscribe(IncidentSlaWarningDue, "notifications.sla-warning", async (event) => {
      await onSlaWarning(deps, event.payload, event.id);
    }),
    subscribe(IncidentSlaBreachDue, "notifications.sla-breach", async (event) => {
      await onSlaBreach(deps, event.payload);
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

/**
 * Starts notification delivery, the escalation runner and the subscriptions to the incident
 * desk's events on a started jobs runner. Answers how many waiting notifications got a job.
 */
export async function startNotificationSubsystem(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  logger: Logger;
  timeZone: string;
  sendMail: SendMail;
}): Promise<number> {
  const { db, clock, jobs } = args;
  const settings = { timeZone: args.timeZone, jobs, dutyCalendar: abakanCalendars().duty! };
  const queued = await startNotificationWorkers({
    db,
    clock,
    jobs,
    senders: { email: mailChannel(args.sendMail) },
    alsoEverySweep: async () => {
      const ran = await runDueEscalations(db, clock, settings);
      if (ran > 0) args.logger.info({ ran }, "escalation steps ran");
    },
  });
  await startEventRelay(db, jobs, { subscriptions: notificationSubscriptions({ db, clock, settings }) });
  return queued;
}
