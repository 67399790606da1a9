// Kinds, channels, states

// Delivery: the outbox write, workers, channels, retries
export { DELIVERY_QUEUE, type NotificationContext, type NotifySettings } from "./context.js";
export {
  type DeliveryDependencies,
  type DeliveryOutcome,
  deliverNotification,
  dispatchDueNotifications,
} from "./delivery/deliver.js";
export { deliveryJobId } from "./delivery/job-id.js";
export { Intent, notify, Recipient, type WrittenNotification } from "./delivery/notify.js";
export {
  DEFAULT_NOTIFICATION_RETRY,
  type NotificationRetryPolicy,
  retryDelay,
} from "./delivery/retry-policy.js";
export {
  ChannelFailure,
  type ChannelSender,
  emailChannel,
  type NotificationSenders,
  type OutgoingNotification,
  signWebhookBody,
  telegramChannel,
  WEBHOOK_SIGNATURE_HEADER,
} from "./delivery/senders.js";
export { telegramBotChannel } from "./delivery/telegram-bot.js";
export { webhookChannel } from "./delivery/webhook.js";
export { type NotificationWorkerOptions, startNotificationWorkers } from "./delivery/workers.js";
// Digests
export {
  type DailyDigest,
  DigestIncident,
  dailyDigestLines,
  groupDailyDigests,
  groupWeeklyDigest,
  localDate,
  type WeeklyDigest,
} from "./digests/digest.js";
export {
  DIGEST_QUEUES,
  DigestSchedule,
  digestCrons,
  previousWeekStart,
  startDigestSchedule,
} from "./digests/schedule.js";
export { sendDailyDigests, sendWeeklyDigest } from "./digests/send-digests.js";
// Escalation chains on the duty calendar
export {
  DEFAULT_ESCALATION_CHAIN,
  EscalationLevel,
  EscalationStep,
  escalationStops,
  type PlannedStep,
  planEscalation,
} from "./escalation/chain.js";
export {
  type Breach,
  type EscalationSettings,
  recordIncidentMoved,
  runDueEscalations,
  startEscalation,
} from "./escalation/escalate.js";
// In-app inbox, delivery states
export {
  countMyUnread,
  DeliveryPage,
  DeliveryQuery,
  DeliveryView,
  getMyNotification,
  listDeliveries,
  NotificationDetail,
} from "./inbox/deliveries.js";
export {
  linkOf,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NotificationLink,
  NotificationPage,
  NotificationQuery,
  NotificationView,
} from "./inbox/inbox.js";

// Intents from events
export {
  IncidentAssignedInput,
  IncidentCreatedInput,
  IncidentMovedInput,
  type IntentDependencies,
  onIncidentAssigned,
  onIncidentCreated,
  onIncidentMoved,
  onIncidentReplyPublished,
  onIncidentResolved,
  onIncidentsCreated,
  onSlaBreach,
  onSlaWarning,
  Reporter,
  reportersToTell,
  SlaNoticeInput,
} from "./intents/intents.js";
export {
  CitizenWroteAgainInput,
  DepartmentAnswerInput,
  DepartmentRequestInput,
  HearingCommentInput,
  onCitizenWroteAgain,
  onDepartmentAnswered,
  onDepartmentRequested,
  onHearingCommentToModerate,
  onPublicationOutcome,
  PublicationOutcomeInput,
} from "./intents/more-intents.js";
export { departmentMembers, localDateTime, staffWithPermission } from "./intents/staff.js";
export {
  CRITICAL_KINDS,
  isCritical,
  Locale,
  NOTIFICATION_KINDS,
  NotificationChannel,
  NotificationKind,
  NotificationState,
} from "./kinds/kinds.js";
// Tables and migrations
export { notificationsMigrations } from "./migrations.js";
// Preferences: channels, quiet hours, digest instead of instant
export { type ChannelPlan, endOfQuietHours, planDelivery } from "./preferences/plan-delivery.js";
export { getMyPreferences, preferencesOf, updateMyPreferences } from "./preferences/preference-store.js";
export { DEFAULT_PREFERENCES, KindPreference, Preferences, QuietHours } from "./preferences/preferences.js";
export {
  notificationEscalationSteps,
  notificationEscalations,
  notificationIncidentWatch,
  notificationPreferences,
  notifications,
  notificationTemplates,
} from "./schema.js";
// Templates: Russian and English, variables and plural forms, versioned
export { DEFAULT_TEMPLATES, SAMPLE_VARIABLES } from "./templates/default-templates.js";
export { type PluralCategory, plural, pluralCategory } from "./templates/plural.js";
export { renderTemplate, type TemplateVariables, templateVariables } from "./templates/render.js";
export { Template, TemplateChange, TemplatePreviewInput } from "./templates/template.js";
export {
  currentTemplate,
  listTemplates,
  listTemplateVersions,
  previewTemplate,
  renderWith,
  updateTemplate,
} from "./templates/template-store.js";
