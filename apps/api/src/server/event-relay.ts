import { type Database, type EventRelay, type Jobs, type Subscription, startEventRelay } from "@otklik/db";

/**
 * The API's one event relay: every module hands its subscriptions here (notifications', content's…),
 * so one outbox poller fans each event out to every subscriber. Two relays in one process would
 * each poll the outbox and could not see each other's subscriber names twice; one list also makes
 * `startEventRelay` refuse a subscriber named twice across modules.
 */
export async function startApiEventRelay(
  db: Database,
  jobs: Jobs,
  subscriptionLists: readonly (readonly Subscription[])[],
  options: { intervalMs?: number } = {},
): Promise<EventRelay> {
  return startEventRelay(db, jobs, { ...options, subscriptions: subscriptionLists.flat() });
}
