import { draftFromExplanationRequest } from "@otklik/content";
import type { Clock } from "@otklik/core";
import { type Executor, type Subscription, subscribe } from "@otklik/db";
import { systemActor } from "@otklik/identity";
import { IncidentExplanationRequested } from "@otklik/incidents";

/**
 * What content does with other packages' events: an explanatory-material request from the incident
 * desk becomes a draft with the citizens' questions quoted. Idempotent by the event id (and one
 * material per topic), so a redelivery or a retry after a crash starts nothing twice. Hand the list
 * to the API's one event relay.
 */
export function contentSubscriptions(deps: { db: Executor; clock: Clock }): Subscription[] {
  const context = { db: deps.db, clock: deps.clock, actor: systemActor("content.explanatory") };
  return [
    subscribe(IncidentExplanationRequested, "content.explanatory-draft", async (event) => {
      await draftFromExplanationRequest(context, {
        eventId: event.id,
        topic: event.payload.topic,
        title: event.payload.title,
        questions: event.payload.questions,
        requestedBy: event.payload.requestedBy,
      });
    }),
  ];
}
