// Text: normalisation, tokens, Russian stems

// Addresses: parsing free text, the street register, geocoding by the city's address register
export {
  type AddressLookup,
  type AddressPoint,
  type AddressRegisterImport,
  createAddressLookup,
  geocodeAddress,
  parseAddressRegisterCsv,
} from "./addresses/address-register.js";
export { damerauLevenshtein, trigramSimilarity } from "./addresses/fuzzy.js";
export { ParsedAddress, parseAddress } from "./addresses/parse-address.js";
export {
  ABAKAN_STREET_REGISTER,
  RegisteredDistrict,
  RegisteredStreet,
  STREET_TYPE_NAMES,
  StreetRegister,
  StreetType,
} from "./addresses/street-register.js";
// Classification: categories, keyword and urgency rules, the learned model, the combined proposal
export { CATEGORY_CODES, CATEGORY_NAMES, CategoryCode } from "./classification/categories.js";
export {
  type CategoryProposal,
  classifyByKeywords,
  classifyComment,
  containsRuleKeyword,
  KEYWORD_WEIGHT,
  type ScoredCategory,
} from "./classification/classify-comment.js";
export {
  type ClassifierEvaluation,
  confusionMatrixMarkdown,
  evaluateClassifier,
} from "./classification/evaluation.js";
export { topicFeatures, topicStems } from "./classification/features.js";
export { type KeywordMatch, matchKeywords } from "./classification/keyword-classifier.js";
export { CATEGORY_KEYWORDS, type CompiledKeyword, compileKeywords } from "./classification/keyword-rules.js";
export {
  applySplit,
  DatasetSplit,
  LabelledComment,
  parseLabelledComments,
} from "./classification/labelled-comments.js";
export {
  type CategoryProbability,
  createNaiveBayesModel,
  learnFromCorrection,
  NaiveBayesModel,
  predictNaiveBayes,
  trainNaiveBayes,
} from "./classification/naive-bayes.js";
export {
  detectUrgency,
  URGENCY_RULES,
  type UrgencyReason,
  type UrgencyRule,
} from "./classification/urgency-rules.js";
// ── Services over the database ──────────────────────────────────────────────────────────────────
export type { IncidentContext, SlaSettings } from "./context.js";
// Reply delivery through the city's channel connections
export {
  type ChannelsReplySenderOptions,
  channelDeliveryKey,
  channelsReplySender,
  NO_CONNECTION_REASON,
  PUBLISHED_ON_TRACKING,
} from "./delivery/channels-reply-sender.js";
// Asking the department for the substance of the answer
export {
  answerDepartmentRequest,
  DepartmentAnswer,
  type DepartmentReplyDraft,
  DepartmentRequestQuery,
  type DepartmentRequestView,
  listDepartmentRequests,
  listRequestsForDepartment,
  NewDepartmentRequest,
  requestDepartmentAnswer,
} from "./department-requests/department-requests.js";
export {
  DEPARTMENT_REQUEST_SHARE,
  FALLBACK_WORKING_MINUTES,
  type RequestDueTime,
  requestDueTime,
  SUBSTANCE_METRICS,
} from "./department-requests/request-due-time.js";
// The desk: reading, lifecycle, replies, notes, category, merging, figures, public tracking
export { lifecycleActor } from "./desk/actors.js";
export { applyLifecycleCommand, lifecycleState } from "./desk/change-status.js";
export { CategoryDecision, decideCategory } from "./desk/classify-incident.js";
export {
  deliverReply,
  deliveryJobId,
  INTERRUPTED_REASON,
  REPLY_DELIVERY_QUEUE,
  type ReplyDeliveryJob,
  type ReplyDeliveryResult,
  type ReplyDeliveryView,
  type ReplySender,
  type ReplyToDeliver,
  reporterDeliveryKey,
  retryReplyDelivery,
  summariseDeliveries,
  sweepReplyDeliveries,
} from "./desk/deliver-reply.js";
export {
  FINISHED_STATUSES,
  listIncidentsForMap,
  MAP_INCIDENTS_MAX,
  type MapIncident,
  MapIncidentQuery,
  type MapIncidents,
} from "./desk/map-incidents.js";
export { MergeInput, mergeIncidents, suggestDuplicates } from "./desk/merge-incidents.js";
export {
  getIncident,
  INCIDENT_PAGE_MAX,
  type IncidentDetail,
  IncidentQuery,
  type IncidentStats,
  incidentStats,
  incidentSummaries,
  listIncidents,
  type TrackedIncident,
  trackIncident,
} from "./desk/read-incidents.js";
export {
  addInternalNote,
  NoteInput,
  ReplyInput,
  type ReplyOutcome,
  type ReplyView,
  replyToIncident,
} from "./desk/reply-to-incident.js";
// Duplicates
export {
  type DuplicateCandidate,
  type DuplicateOptions,
  type DuplicateSuggestion,
  distanceMetres,
  findDuplicates,
  stemJaccard,
} from "./duplicates/find-duplicates.js";
// Events, tables, migrations, demo seed
export {
  IncidentAssigned,
  IncidentCitizenWroteAgain,
  IncidentCreated,
  IncidentDepartmentAnswered,
  IncidentDepartmentRequested,
  IncidentExplanationRequested,
  IncidentReplyPublished,
  IncidentSlaBreachDue,
  IncidentSlaWarningDue,
  IncidentStatusChanged,
} from "./events.js";
// Evidence media: upload with type sniffing and limits, metadata-free published copies, stores
export { type AwsCredentials, signatureV4 } from "./evidence/aws-signature-v4.js";
export {
  CITIZEN_PHOTOS_MAX,
  CITIZEN_PHOTOS_MAX_TOTAL_BYTES,
  CITIZEN_UPLOADER,
  type CitizenPhoto,
  prepareCitizenPhotos,
} from "./evidence/citizen-photos.js";
export {
  assertEvidenceReferences,
  EVIDENCE_REFERENCE_PREFIX,
  EVIDENCE_UPLOAD_PERMISSIONS,
  type EvidenceContext,
  type EvidenceFile,
  type EvidenceUploaded,
  EvidenceUploadFields,
  EvidenceVariant,
  type EvidenceView,
  listEvidence,
  readEvidenceFile,
  readTrackedProofFile,
  referencedMediaIds,
  type StoredEvidenceKind,
  type TrackedProof,
  trackedProof,
  uploadEvidence,
} from "./evidence/evidence.js";
export { dataFolderStore, type EvidenceStore } from "./evidence/evidence-store.js";
export { removeQueuedMediaFiles } from "./evidence/media-removals.js";
export {
  ACCEPTED_EVIDENCE_TYPES,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_SIZE_LIMITS,
  type EvidenceKind,
} from "./evidence/media-types.js";
export { PUBLISHED_MAX_SIDE, THUMBNAIL_SIDE } from "./evidence/process-media.js";
export { S3StoreError, S3StoreSettings, s3Store } from "./evidence/s3-store.js";
// Intake: the platform, the social pages' inbox
export {
  createIncidentInTransaction,
  createIncidentsInTransaction,
  DEFAULT_TIME_ZONE,
  type NewIncident,
} from "./intake/create-incident.js";
export {
  decideInboxItem,
  InboxDecision,
  type InboxItem,
  listInbox,
  receiveSocialEvent,
} from "./intake/inbox.js";
export {
  createPlatformIntakeReceiver,
  type PlatformIntakeReceiver,
  type PlatformIntakeReceiverOptions,
} from "./intake/platform-intake-receiver.js";
export { platformIncidentInput, receivePlatformIncident } from "./intake/receive-platform-intake.js";
export {
  receiveSiteReport,
  SITE_REPORT_CONSENT_PURPOSE,
  SiteReport,
  type SiteReportPhotos,
  type SiteReportReceived,
} from "./intake/receive-site-report.js";
// Lifecycle: the declared state machine, public replies as facts, SLA events
export { LifecycleCommand, type LifecycleCommandType } from "./lifecycle/commands.js";
export { incidentClassifiedEvent, incidentCreatedEvent, recordPublicReply } from "./lifecycle/facts.js";
export {
  Actor,
  Attachment,
  IncidentState,
  IncidentStatus,
  MediaKind,
  Resolution,
  Role,
  STATUS_NAMES,
} from "./lifecycle/states.js";
export {
  allowedCommands,
  COMMAND_NAMES,
  slaEventsForTransition,
  slaStatusName,
  type TimelineEvent,
  type TransitionResult,
  transition,
} from "./lifecycle/transition.js";
export { TRANSITIONS, type TransitionRule } from "./lifecycle/transitions.js";
export { incidentsMigrations } from "./migrations.js";
// Numbers and public links
export {
  formatRegistrationNumber,
  parseRegistrationNumber,
  type RegistrationNumber,
} from "./numbers/registration-number.js";
export { isTrackingToken, newTrackingToken } from "./numbers/tracking-token.js";
// Open311 GeoReport v2: services (the categories), requests, tokens
export {
  createIncidentFromOpen311,
  getOpen311Request,
  listOpen311Requests,
  OPEN311_DEFAULT_DAYS,
  OPEN311_MAX_REQUESTS,
  Open311Query,
  type Open311ReadOptions,
  Open311Submission,
  type Open311Submitted,
  open311RequestIdForToken,
} from "./open311/open311-requests.js";
export {
  incidentStatusesFor,
  isOpen311ServiceCode,
  OPEN311_SERVICE_NOTICE,
  type Open311Attribute,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  open311ServiceDefinition,
  open311Services,
  open311Status,
  open311StatusNote,
} from "./open311/open311-services.js";
// Personal data: incident authors for identity's export, erasure and retention
export {
  ERASED,
  eraseSubjectFromText,
  incidentAuthorsPersonalData,
  textNamesSubject,
} from "./personal-data/incident-authors.js";
export { PHOTOS_ERASED_NOTE } from "./personal-data/report-photos.js";
export { contactKeys, type ReporterContact, reporterContacts } from "./personal-data/reporter-contacts.js";
// Replies: checks before sending, templates
export {
  checkReply,
  type ReplyDraft,
  type ReplyWarning,
  type ReplyWarningCode,
} from "./replies/reply-check.js";
export {
  type ReplyTemplateValues,
  renderReplyTemplate,
  templateVariables,
} from "./replies/reply-template.js";
// Routing: category → department, urgent → duty dispatch
export {
  ABAKAN_ROUTING,
  DUTY_DISPATCH,
  type RoutingDecision,
  type RoutingTarget,
  routeToDepartment,
} from "./routing/routing-table.js";
export {
  addressPoints as incidentAddressPointsTable,
  calendarDays as incidentCalendarDaysTable,
  classifierModels as incidentClassifierModelsTable,
  departmentRequests as incidentDepartmentRequestsTable,
  inboxItems as incidentInboxTable,
  incidents as incidentsTable,
  replies as incidentRepliesTable,
  replyDeliveries as incidentReplyDeliveriesTable,
  reporters as incidentReportersTable,
  slaNotices as incidentSlaNoticesTable,
  slaPolicyVersions as incidentSlaPolicyVersionsTable,
  timelineEntries as incidentTimelineTable,
} from "./schema.js";
export { INCIDENTS_DEMO_DESK_SEED, incidentsDemoDeskSeed } from "./seed/demo-desk.js";
export { incidentsDemoSeed } from "./seed/demo-routes.js";
// SLA: evaluation and durable deadline jobs
export {
  evaluateIncidentSla,
  incidentPolicy,
  type SlaMetricView,
  slaSettings,
  slaSummary,
  slaView,
  stampPolicyVersion,
} from "./sla/sla-evaluation.js";
export {
  catchUpSlaDeadlines,
  checkSlaDeadlines,
  deterministicUuid,
  nextSlaCheckpoint,
  SLA_QUEUE,
  type SlaDeadlineJob,
  scheduleSlaJobs,
  slaCheckpointJob,
  workSlaDeadlines,
} from "./sla/sla-jobs.js";
// SLA settings kept by administrators: policy versions, calendar days, the production calendar's import
export {
  DAY_NOTES,
  type ParsedCalendarDay,
  type ParsedProductionCalendar,
  type ParsedProductionYear,
  type ProductionCalendarProblem,
  parseCsvRows,
  parseProductionCalendarCsv,
} from "./sla-settings/production-calendar-csv.js";
export {
  addCalendarDay,
  CalendarDay,
  CalendarDayInput,
  CalendarDayKind,
  CalendarDaySource,
  createSlaSettingsStore,
  DESK_CALENDARS,
  DeskCalendarName,
  type DeskCalendarOptions,
  describeCalendarMonth,
  deskCalendars,
  type EffectiveCalendarDay,
  getSlaPolicy,
  importProductionCalendar,
  listCalendarDays,
  listSlaPolicyVersions,
  type ProductionCalendarImport,
  previewSlaPolicy,
  removeCalendarDay,
  SlaPolicyChange,
  SlaPolicyVersion,
  type SlaPreview,
  SlaPreviewInput,
  type SlaPreviewMetric,
  type SlaSettingsStore,
  saveSlaPolicy,
  validateSlaPolicy,
} from "./sla-settings/sla-settings.js";
// Storage helpers: address register, classifier model, routing keys
export {
  type AddressRegisterFileImport,
  countAddressPoints,
  findAddressPoint,
  importAddressRegister,
  importAddressRegisterFile,
  lookupAddress,
  storeAddressPoints,
} from "./storage/address-store.js";
export {
  CITY_MODEL_KEY,
  loadClassifierModel,
  starterModel,
  trainOnCorrection,
} from "./storage/classifier-store.js";
export {
  departmentKeyOf,
  listDepartmentRoutes,
  resolveDepartmentKeys,
  setDepartmentRoute,
} from "./storage/department-routes.js";
export {
  type IncidentSummary,
  type IncidentSummaryRow,
  toIncidentSummary,
} from "./storage/incident-record.js";
export { allocateRegistrationNumber } from "./storage/registration-numbers.js";
export { foldYo, type NormalizedText, normalizeText } from "./text/normalize.js";
export { findPattern, type StemPattern, stemPattern } from "./text/stem-patterns.js";
export { stemFeatures, stems, stemWord, tokenize } from "./text/tokenize.js";
export {
  ExplanationRequest,
  type ExplanationRequested,
  FREQUENT_QUESTIONS_SCAN_LIMIT,
  type FrequentQuestion,
  FrequentQuestionsQuery,
  frequentQuestions,
  requestExplanation,
  topicKey,
} from "./topics/frequent-questions.js";
// Frequent questions
export { groupFrequentQuestions, type TopicGroup, type TopicOptions } from "./topics/group-topics.js";
