// Shapes of the incident desk's answers, as the OpenAPI document declares them (IncidentSummary,
// IncidentDetail, ReplyOutcome, InboxItem). Checked by the API, trusted here: no zod in the browser.

export type IncidentStatus =
  | "new"
  | "assigned"
  | "in_progress"
  | "waiting_for_citizen"
  | "forwarded"
  | "resolved"
  | "closed"
  | "rejected"
  | "reopened";

export const INCIDENT_STATUSES: readonly IncidentStatus[] = [
  "new",
  "assigned",
  "in_progress",
  "waiting_for_citizen",
  "forwarded",
  "resolved",
  "closed",
  "rejected",
  "reopened",
];

export type SlaState = "running" | "paused" | "met" | "breached";
export const SLA_STATES: readonly SlaState[] = ["running", "paused", "met", "breached"];

/** The categories of @otklik/incidents (CATEGORY_CODES). */
export const CATEGORY_CODES = [
  "roads",
  "yards",
  "housing",
  "transport",
  "waste",
  "street-lighting",
  "snow",
  "animals",
  "trade",
  "education",
  "healthcare",
  "other",
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** Where incidents come from: the platform, the four social pages, the site's form, Open311. */
export const CHANNELS = ["platform", "vk", "ok", "telegram", "max", "site", "open311"] as const;

export interface IncidentSummary {
  id: string;
  number: string;
  channel: string;
  sourceNetwork: string | null;
  text: string;
  category: string;
  categoryConfidence: number;
  categoryConfirmed: boolean;
  departmentId: string | null;
  assigneeId: string | null;
  urgent: boolean;
  status: IncidentStatus;
  version: number;
  address: string | null;
  location: { lat: number; lon: number } | null;
  onMap: boolean;
  dueAt: string | null;
  slaState: SlaState;
  createdAt: string;
  receivedAt: string;
  sentAt: string | null;
  firstPublicReplyAt: string | null;
  mergedIntoId: string | null;
  updatedAt: string;
}

/**
 * What the incident queue keeps of each incident: the fields its table, its filters, its order, its live changes
 * and its bulk assignment read (about half of {@link IncidentSummary}). The background pages' rows are cut to
 * these before they reach the main thread: 10,000 rows in the queue are that many fewer objects to copy and to
 * collect. An `IncidentSummary` is a `QueueRow`.
 */
export const QUEUE_ROW_FIELDS = [
  "id",
  "number",
  "channel",
  "sourceNetwork",
  "text",
  "category",
  "departmentId",
  "urgent",
  "status",
  "version",
  "dueAt",
  "slaState",
  "receivedAt",
  "mergedIntoId",
] as const satisfies readonly (keyof IncidentSummary)[];
export type QueueRow = Pick<IncidentSummary, (typeof QUEUE_ROW_FIELDS)[number]>;

/** An incident cut to the queue's fields (a new object with those only). */
export function toQueueRow(incident: IncidentSummary): QueueRow {
  const row: Partial<Record<keyof QueueRow, unknown>> = {};
  for (const field of QUEUE_ROW_FIELDS) row[field] = incident[field];
  return row as QueueRow;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actorKind: string;
  actorId: string;
  kind: string;
  comment: string | null;
  media: { kind: string; url: string }[];
  data: Record<string, unknown>;
}

export interface SlaMetric {
  metric: string;
  rule: string;
  state: string;
  cycle: number;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  breachedAt: string | null;
  targetMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
}

export interface IncidentDetail extends IncidentSummary {
  categoryProposal: unknown;
  attachments: { type: string; url: string }[];
  author: { name: string | null; url: string | null; sourceUrl: string | null };
  trackingToken: string;
  timeline: TimelineEntry[];
  replies: {
    id: string;
    visibility: string;
    text: string;
    deliveryState: string;
    channel: string | null;
    createdAt: string;
  }[];
  reporters: {
    channel: string;
    authorName: string | null;
    authorUrl: string | null;
    sourceUrl: string | null;
    reportedAt: string;
    originalIncidentId: string;
  }[];
  sla: SlaMetric[];
}

export interface ReplyWarning {
  code: "no-substance" | "no-date" | "no-proof" | "only-laws";
  ru: string;
  en: string;
}

export interface ReplyOutcome {
  reply: { id: string; deliveryState: string } | null;
  warnings: ReplyWarning[];
  accepted: boolean;
}

/** Proof and other files attached to a lifecycle command (`fixed` needs a photo, a video or an act). */
export type MediaKind = "photo" | "video" | "acceptance-act" | "document" | "link";

export type LifecycleCommand =
  | { type: "assign"; departmentKey: string; assigneeId?: string }
  | { type: "start" }
  | { type: "request-information" }
  | { type: "resume" }
  | { type: "forward"; addressee: string }
  | { type: "reject"; reason: RejectReason }
  | { type: "resolve"; resolution: "fixed" | "explained" }
  | { type: "close" }
  | { type: "reopen"; source: "citizen" | "platform-rework" | "operator" };

export type RejectReason = "spam" | "abuse" | "duplicate" | "not-a-problem";
export const REJECT_REASONS: readonly RejectReason[] = ["spam", "abuse", "duplicate", "not-a-problem"];

export interface CommandEnvelope {
  expectedVersion?: number;
  comment?: string;
  media?: { kind: MediaKind; url: string }[];
}

export interface InboxItem {
  id: string;
  channel: string;
  externalId: string;
  kind: string;
  text: string;
  authorName: string | null;
  url: string | null;
  occurredAt: string;
  receivedAt: string;
  edited: boolean;
  deleted: boolean;
  decision: string | null;
  decisionReason: string | null;
  incidentId: string | null;
}

export type DismissReason = "spam" | "abuse" | "not-a-problem" | "gratitude" | "off-topic";
export const DISMISS_REASONS: readonly DismissReason[] = [
  "spam",
  "abuse",
  "not-a-problem",
  "gratitude",
  "off-topic",
];

export type InboxDecision =
  | { decision: "incident" }
  | { decision: "continuation"; incidentId: string }
  | { decision: "dismissed"; reason: DismissReason };

/** A stored evidence file (`POST /api/v1/incidents/{id}/media`); `attachment` goes into a command's `media`. */
export interface Evidence {
  id: string;
  incidentId: string;
  kind: "photo" | "video" | "acceptance-act" | "document";
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  publishable: boolean;
  uploadedBy: string;
  createdAt: string;
  attachment: { kind: MediaKind; url: string };
  links: { published: string | null; thumbnail: string | null; original: string };
}
