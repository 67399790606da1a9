import { z } from "@hono/zod-openapi";
import { systemClock } from "@otklik/core";
import type { Jobs } from "@otklik/db";
import type { EvidenceStore, IncidentContext, SlaSettings, SlaSettingsStore } from "@otklik/incidents";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import type { LiveIncidentFeed } from "./live-feed.js";

/** What the incident routes need beyond the app's dependencies: the webhooks' secrets, the job runner. */
export interface IncidentRouteSettings {
  /** HMAC-SHA256 key of the incident platform's intake (`OTKLIK_PLATFORM_SECRET`). */
  platformSecret: string;
  /** VK Callback API of the city's community; without it the VK intake answers 503. */
  vk?: { groupId: number; callbackSecret: string; confirmationCode: string };
  /** Telegram's webhook secret token; without it the Telegram intake answers 503. */
  telegramWebhookSecret?: string;
  /** The job runner, when started: SLA deadlines and reply deliveries are queued through it. */
  jobs?: Jobs;
  /** Where evidence media go (the data folder or S3); without it the media routes answer 503. */
  evidenceStore?: EvidenceStore;
  /** The SLA policy and calendars (`OTKLIK_SLA_POLICY_FILE`); without them Abakan's default. */
  sla?: SlaSettings;
  /**
   * The SLA settings administrators keep (policy versions, calendar days), starting from `sla`; without it
   * the routes make one over the app's database (`withSlaSettings`).
   */
  slaStore?: SlaSettingsStore;
  /** The live feed of the desk's changes for `GET /api/v1/incidents/events`; without it the routes make their own. */
  liveFeed?: LiveIncidentFeed;
}

/** Demonstration secrets (used when OTKLIK_DEMO is on and nothing else is set, and by the tests). */
export const DEMO_INCIDENT_SETTINGS: IncidentRouteSettings = {
  platformSecret: "platform-demo-secret",
  vk: { groupId: 1, callbackSecret: "vk-demo-secret", confirmationCode: "demo-confirmation" },
  telegramWebhookSecret: "telegram-demo-secret",
};

/** A desk verb's context for this request: the database, the clock, who acts and the job runner. */
export function incidentContext(
  c: Context<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): IncidentContext {
  return {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    actor: c.get("actor"),
    ...(settings.jobs ? { jobs: settings.jobs } : {}),
    ...(settings.sla ? { sla: settings.sla } : {}),
  };
}

export const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

/** The `{id}` of an incident. */
export const IncidentIdParameter = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "inc_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const Media = z.object({ kind: z.string(), url: z.string() });

export const IncidentSummarySchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "2026-004215" }),
    channel: z.string(),
    sourceNetwork: z.string().nullable(),
    text: z.string(),
    category: z.string(),
    categoryConfidence: z.number(),
    categoryConfirmed: z.boolean(),
    departmentId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    urgent: z.boolean(),
    status: z.string(),
    version: z.number().int(),
    address: z.string().nullable(),
    location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
    onMap: z.boolean(),
    dueAt: z.string().nullable(),
    slaState: z.string(),
    createdAt: z.string(),
    receivedAt: z.string(),
    sentAt: z.string().nullable(),
    firstPublicReplyAt: z.string().nullable(),
    mergedIntoId: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("IncidentSummary");

export const IncidentPageSchema = z
  .object({ items: z.array(IncidentSummarySchema), nextCursor: z.string().nullable() })
  .openapi("IncidentPage");

/** A request to the incident's department for the substance of the answer. */
export const DepartmentRequestSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    departmentId: z.string(),
    question: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    dueAt: z.string(),
    slaMetric: z.string().nullable(),
    slaDueAt: z.string().nullable(),
    status: z.enum(["open", "answered"]),
    overdue: z.boolean(),
    answer: z.string().nullable(),
    answerAttachments: z.array(Media),
    answeredBy: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answeredLate: z.boolean(),
    replyId: z.string().nullable(),
  })
  .openapi("DepartmentRequest");

export const ReplyDeliverySchema = z
  .object({
    id: z.string(),
    reporterId: z.string().nullable(),
    channel: z.string().openapi({ example: "telegram" }),
    state: z.string().openapi({
      description:
        "`queued`, `sending`, `sent`, `published` (сайт, Open311 / site, Open311), `failed`, `unknown`",
      example: "sent",
    }),
    error: z.string().nullable().openapi({
      description: "Почему не доставлено или неизвестно (сначала по-русски) / Why it failed or is in doubt",
    }),
    attempts: z.number().int(),
    sentAt: z.string().nullable(),
  })
  .openapi("IncidentReplyDelivery");

export const IncidentDetailSchema = IncidentSummarySchema.extend({
  categoryProposal: z.unknown(),
  attachments: z.array(z.object({ type: z.string(), url: z.string() })),
  author: z.object({
    name: z.string().nullable(),
    url: z.string().nullable(),
    sourceUrl: z.string().nullable(),
  }),
  trackingToken: z.string(),
  timeline: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorKind: z.string(),
      actorId: z.string(),
      kind: z.string(),
      comment: z.string().nullable(),
      media: z.array(Media),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  replies: z.array(
    z.object({
      id: z.string(),
      visibility: z.string(),
      text: z.string(),
      deliveryState: z.string(),
      deliveryError: z.string().nullable(),
      deliveryAttempts: z.number().int(),
      channel: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      deliveries: z.array(ReplyDeliverySchema).openapi({
        description:
          "Публичный ответ — каждому заявителю туда, где он написал (у объединённого обращения их несколько); у заметок пусто / " +
          "A public reply goes to every reporter where they wrote (several for a merged incident); none for notes",
      }),
    }),
  ),
  reporters: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      authorName: z.string().nullable(),
      authorUrl: z.string().nullable(),
      sourceUrl: z.string().nullable(),
      reportedAt: z.string(),
      originalIncidentId: z.string(),
      consentId: z.string().nullable().openapi({
        description:
          "Согласие заявителя в реестре (форма сайта): там его контакты / The reporter's consent in the ledger (site form), which holds their contacts",
      }),
    }),
  ),
  sla: z.array(z.record(z.string(), z.unknown())),
  departmentRequests: z.array(DepartmentRequestSchema),
  overdueDepartmentRequests: z.number().int(),
  replyDraft: z
    .object({ requestId: z.string(), text: z.string(), attachments: z.array(Media) })
    .nullable()
    .openapi({ description: "The latest department answer not yet used in a public reply" }),
}).openapi("IncidentDetail");

export const ReplyViewSchema = z
  .object({
    id: z.string(),
    visibility: z.enum(["public", "internal"]),
    text: z.string(),
    attachments: z.array(Media),
    channel: z.string().nullable(),
    deliveryState: z.string(),
    deliveryError: z.string().nullable(),
    deliveryAttempts: z.number().int(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi("IncidentReply");

export const ReplyWarningSchema = z
  .object({
    code: z.enum(["no-substance", "no-date", "no-proof", "only-laws"]),
    ru: z.string(),
    en: z.string(),
  })
  .openapi("ReplyWarning");

export const ReplyOutcomeSchema = z
  .object({ reply: ReplyViewSchema.nullable(), warnings: z.array(ReplyWarningSchema), accepted: z.boolean() })
  .openapi("ReplyOutcome");
