// Connector shape

// Audience figures
export { type AudienceReading, listAudienceReadings, readAudience } from "./audience/read-audience.js";
// Connections
export { checkConnection } from "./connections/check-connection.js";
export {
  type Connection,
  type ConnectionConfig,
  type ConnectionHealth,
  ConnectionInput,
  type ConnectionSummary,
  secretValues,
} from "./connections/connection-input.js";
export { type ConnectorDependencies, createConnector } from "./connections/make-connector.js";
export {
  createSecretBox,
  type SealedSecret,
  type SecretBox,
  type SecretKeyring,
} from "./connections/secret-box.js";
export {
  type ConnectionDeliveryArguments,
  publishThroughConnection,
  replyThroughConnection,
} from "./connections/send-through-connection.js";
export {
  CONNECTION_ID_PREFIX,
  getConnection,
  listConnections,
  recordConnectionHealth,
  rotateConnectionKeys,
  saveConnection,
} from "./connections/store.js";
export {
  assertPostWithinLimits,
  checkPostAgainstLimits,
  type LimitProblem,
} from "./connector/check-limits.js";
export type { AudienceFigure, Connector, HealthReport, LostDeliveryQuery } from "./connector/connector.js";
export {
  DeliveryError,
  type FailureKind,
  failureKindOfStatus,
  isDeliveryError,
  isRetryable,
} from "./connector/delivery-error.js";
export {
  headerValue,
  InboundAttachment,
  InboundAuthor,
  InboundEvent,
  type InboundRequest,
  type InboundResult,
  PlatformEvent,
  SocialEvent,
} from "./connector/inbound-event.js";
export { CONNECTOR_LIMITS, type ConnectorLimits } from "./connector/limits.js";
export {
  type OutboundLink,
  type OutboundPhoto,
  type OutboundPost,
  type OutboundReply,
  type PublishedItem,
  type SendOptions,
  textWithLinks,
} from "./connector/outbound.js";
export { Platform } from "./connector/platform.js";
export { noThrottle, PLATFORM_RATES, type RateLimitRule, type Throttle } from "./connector/rate-limits.js";
// Delivery discipline
export { type AttemptOutcome, type DeliveryAttempt, listAttempts } from "./delivery/attempts.js";
export {
  createDatabaseThrottle,
  realSleep,
  reserveSendSlot,
  type Sleep,
} from "./delivery/database-throttle.js";
export {
  type DeliverArguments,
  type DeliveryFailureSummary,
  type DeliveryReport,
  deliver,
  deliveryStateOf,
} from "./delivery/deliver.js";
export { type ChannelsLogger, silentLogger } from "./delivery/logger.js";
export { redactSecrets } from "./delivery/redact.js";
export {
  type ResolutionReport,
  releaseUnknownDelivery,
  resolveUnknownDelivery,
} from "./delivery/resolve-unknown.js";
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";
// E-mail
export { createEmailConnector, type EmailConnector, type EmailConnectorOptions } from "./email/connector.js";
export {
  createEmailSender,
  type EmailAttachment,
  type EmailMessage,
  type EmailSender,
} from "./email/send-email.js";
export { EmailSecrets, EmailSettings } from "./email/settings.js";
// MAX
export { createMaxConnector, type MaxConnectorOptions } from "./max/connector.js";
export { MAX_SECRET_HEADER, receiveMaxUpdate } from "./max/receive-update.js";
export { MaxSecrets, MaxSettings } from "./max/settings.js";
export { subscribeMaxWebhook } from "./max/subscribe.js";
// Tables and migrations
export { channelsMigrations } from "./migrations.js";
// OK
export { createOkConnector, type OkConnectorOptions } from "./ok/connector.js";
export { OkSecrets, OkSettings } from "./ok/settings.js";
export { okSignature } from "./ok/signature.js";
// The incident platform
export { PlatformAnswer, PlatformAnswerReceipt, PlatformErrorBody } from "./platform/answer-contract.js";
export { createPlatformConnector, type PlatformConnectorOptions } from "./platform/connector.js";
export { PlatformAttachment, PlatformIntake, PlatformIntakeAccepted } from "./platform/intake-schema.js";
export { receivePlatformIntake } from "./platform/receive-intake.js";
export { PlatformSecrets, PlatformSettings } from "./platform/settings.js";
export {
  PLATFORM_SIGNATURE_HEADER,
  signPlatformBody,
  verifyPlatformSignature,
} from "./platform/signature.js";
export {
  channelAudienceReadings,
  channelConnections,
  channelDeliveryAttempts,
  channelRateWindows,
} from "./schema.js";
// Telegram
export { createTelegramConnector, type TelegramConnectorOptions } from "./telegram/connector.js";
export { receiveTelegramUpdate, TELEGRAM_SECRET_HEADER } from "./telegram/receive-update.js";
export { TelegramSecrets, TelegramSettings } from "./telegram/settings.js";
// VK
export { createVkConnector, type VkConnectorOptions } from "./vk/connector.js";
export { receiveVkCallback, type VkCallbackSettings } from "./vk/receive-callback.js";
export { VK_API_VERSION, VkSecrets, VkSettings } from "./vk/settings.js";
