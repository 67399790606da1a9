import type { IncidentEvent } from "@otklik/sla";
import type { IncidentState } from "./states.js";

/** The SLA event that opens an incident's clocks; urgent incidents get priority `urgent`. */
export function incidentCreatedEvent(input: {
  at: Date;
  category?: string;
  channel?: string;
  urgent: boolean;
  departmentKey?: string;
}): IncidentEvent {
  return {
    type: "created",
    at: input.at,
    priority: input.urgent ? "urgent" : "normal",
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.channel !== undefined ? { channel: input.channel } : {}),
    ...(input.departmentKey !== undefined ? { department: input.departmentKey } : {}),
  };
}

/** The SLA event for a change of category or urgency by an operator. */
export function incidentClassifiedEvent(input: {
  at: Date;
  category: string;
  urgent: boolean;
}): IncidentEvent {
  return {
    type: "classified",
    at: input.at,
    category: input.category,
    priority: input.urgent ? "urgent" : "normal",
  };
}

/**
 * Records a public reply to the citizen. It is a fact, not a status: operators reply before routing
 * («передано в управление…») and keep replying after. The first one is kept for the SLA clock; a reply
 * on the source platform is also the platform's answer.
 */
export function recordPublicReply(
  incident: IncidentState,
  at: Date,
  options: { onPlatform?: boolean } = {},
): { incident: IncidentState; slaEvents: IncidentEvent[] } {
  const slaEvents: IncidentEvent[] = [
    { type: options.onPlatform === true ? "answered" : "public-reply", at },
  ];
  const firstPublicReplyAt = incident.firstPublicReplyAt ?? at;
  return { incident: { ...incident, firstPublicReplyAt, version: incident.version + 1 }, slaEvents };
}
