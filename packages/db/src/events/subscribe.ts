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

/**
 * How deliveries to one subscriber are retried. Defaults: 5 retries, from 10 s, doubling; a delivery running
 * (or left running by a killed process) longer than 2 min is failed and retried.
 */
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

/** The job data of a batched subscriber ({@link subscribeBatch}): the events of one relay batch, oldest first. */
export interface EventBatchJobData {
  events: EventJobData[];
}

/** A subscriber registered for an event. Made by {@link subscribe} or {@link subscribeBatch}, given to the relay. */
export interface Subscription {
  readonly event: EventDefinition;
  readonly subscriber: string;
  /** True when the relay hands this subscriber the events of a batch in one job ({@link subscribeBatch}). */
  readonly batched: boolean;
  /** The jobs queue its deliveries go through. */
  readonly queue: string;
  readonly options: SubscribeOptions;
  /** Parses a delivery's payload and calls the handler. */
  deliver(job: Job<EventJobData | EventBatchJobData>): Promise<void>;
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
  assertSubscriberName(subscriber);
  return Object.freeze({
    event,
    subscriber,
    batched: false,
    queue: `events:${event.name}:${subscriber}`,
    options: withDefaults(options),
    async deliver(job: Job<EventJobData | EventBatchJobData>): Promise<void> {
      // A single subscriber only ever gets single deliveries; each event of a batch would do too.
      for (const delivered of deliveredEvents(event, job)) await handler(delivered);
    },
  });
}

/**
 * Subscribes `subscriber` to `event` in batches: the relay hands it every event of one outbox batch
 * (up to the relay's `batchSize`, oldest first) in one job, so a subscriber that does one cheap
 * write per event can do one write per batch instead — and the job queue carries one job where it
 * carried a hundred. The handler runs at least once per batch and the whole batch runs again when it
 * throws, so it must be idempotent per event (an upsert keyed by the event's subject, or by `id`).
 * Events of different batches may arrive in any order, as with {@link subscribe}.
 *
 * @example
 * export const watch = subscribeBatch(IncidentCreated, "notifications.incident-created", async (events) => {
 *   await rememberIncidents(db, events.map((event) => event.payload));
 * });
 */
export function subscribeBatch<Event extends EventDefinition>(
  event: Event,
  subscriber: string,
  handler: (events: DeliveredEvent<EventPayload<Event>>[]) => Promise<void>,
  options: SubscribeOptions = {},
): Subscription {
  assertSubscriberName(subscriber);
  return Object.freeze({
    event,
    subscriber,
    batched: true,
    queue: `events:${event.name}:${subscriber}`,
    options: withDefaults(options),
    async deliver(job: Job<EventJobData | EventBatchJobData>): Promise<void> {
      const events = deliveredEvents(event, job);
      if (events.length > 0) await handler(events);
    },
  });
}

function assertSubscriberName(subscriber: string): void {
  if (!SUBSCRIBER_NAME.test(subscriber)) {
    throw new Error(
      `Subscriber name "${subscriber}" must be lower case letters, digits, dots, dashes or underscores`,
    );
  }
}

const withDefaults = (options: SubscribeOptions): SubscribeOptions => ({
  retryLimit: 5,
  retryDelaySeconds: 10,
  retryBackoff: true,
  // A delivery is a few statements: one left `active` by a killed process runs again within minutes.
  expireInSeconds: 120,
  ...options,
});

/**
 * The events a job carries, parsed: a batch job's list or a single delivery's one event (a relay of an
 * older version, or one registered before the subscriber became batched, sends single jobs).
 */
function deliveredEvents<Event extends EventDefinition>(
  event: Event,
  job: Job<EventJobData | EventBatchJobData>,
): DeliveredEvent<EventPayload<Event>>[] {
  const items = "events" in job.data ? job.data.events : [job.data];
  return items.map((item) => ({
    id: item.eventId,
    name: item.event,
    payload: event.schema.parse(item.payload) as EventPayload<Event>,
    occurredAt: new Date(item.occurredAt),
    attempt: job.retryCount + 1,
  }));
}
