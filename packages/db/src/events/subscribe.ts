import type { Job, QueueOptions } from "../jobs/jobs.js";
import type { EventDefinition, EventPayload } from "./define-event.js";

/** One event as a subscriber receives it. */
export interface DeliveredEvent<Payload> {
  /** The event id (`evt_…`): the same on every delivery of this event, so handlers can be idempotent. */
  id: string;
  name: string;
  payload: Payload;
  occurredAt: Date;
  /** 1 on the first delivery, 2 on the first retry… */
  attempt: number;
}

/** How deliveries to one subscriber are retried. Defaults: 5 retries, from 10 s, doubling. */
export type SubscribeOptions = Pick<
  QueueOptions,
  "retryLimit" | "retryDelaySeconds" | "retryBackoff" | "expireInSeconds"
>;

/** The job data the relay sends to a subscriber's queue. */
export interface EventJobData {
  eventId: string;
  event: string;
  payload: unknown;
  occurredAt: string;
}

/** A subscriber registered for an event. Made by {@link subscribe}, given to the relay. */
export interface Subscription {
  readonly event: EventDefinition;
  readonly subscriber: string;
  /** The jobs queue its deliveries go through. */
  readonly queue: string;
  readonly options: SubscribeOptions;
  /** Parses a delivery's payload and calls the handler. */
  deliver(job: Job<EventJobData>): Promise<void>;
}

const SUBSCRIBER_NAME = /^[a-z][a-z0-9_.-]*$/;

/**
 * Subscribes `subscriber` (a name unique for this event, e.g. `"notifications.escalate"`) to
 * `event`. The handler gets the typed payload and the event id; it runs at least once per event
 * and again when it throws, so it must be idempotent.
 *
 * @example
 * export const escalateOnWarning = subscribe(SlaWarningDue, "notifications.escalate", async (event) => {
 *   await sendEscalation({ db, incidentId: event.payload.incidentId, dedupeKey: event.id });
 * });
 */
export function subscribe<Event extends EventDefinition>(
  event: Event,
  subscriber: string,
  handler: (event: DeliveredEvent<EventPayload<Event>>) => Promise<void>,
  options: SubscribeOptions = {},
): Subscription {
  if (!SUBSCRIBER_NAME.test(subscriber)) {
    throw new Error(
      `Subscriber name "${subscriber}" must be lower case letters, digits, dots, dashes or underscores`,
    );
  }
  return Object.freeze({
    event,
    subscriber,
    queue: `events:${event.name}:${subscriber}`,
    options: { retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true, ...options },
    async deliver(job: Job<EventJobData>): Promise<void> {
      const payload = event.schema.parse(job.data.payload) as EventPayload<Event>;
      await handler({
        id: job.data.eventId,
        name: job.data.event,
        payload,
        occurredAt: new Date(job.data.occurredAt),
        attempt: job.retryCount + 1,
      });
    },
  });
}
