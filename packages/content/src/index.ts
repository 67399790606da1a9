// Publication types

// Publications
export type { ContentContext, ContentJobs } from "./context.js";
export {
  HearingCommentSubmitted,
  PublicationDeliveryFailed,
  PublicationPosted,
  PublicationPublished,
} from "./events.js";
// Explanatory materials
export { createExplanatoryDraft, ExplanatoryDraftInput } from "./explanatory/create-explanatory-draft.js";
export {
  draftFromExplanationRequest,
  type ExplanationDraftOutcome,
  ExplanationRequestInput,
  type ExplanatoryReply,
  explanatoryMaterialsForTopics,
  explanatoryReplies,
  REPLY_MATCH_THRESHOLD,
  type TopicMaterial,
} from "./explanatory/explanation-requests.js";
export { atomFeed, hearingsCalendar, rssFeed, type SiteInfo, sitemapXml } from "./feeds/feeds.js";
// Handbook
export {
  createHandbookSection,
  HandbookSection,
  listHandbookSections,
  listStaleHandbookArticles,
  NewHandbookSection,
  StaleArticle,
  StaleQuery,
} from "./handbook/handbook.js";
// Hearings
export {
  AnswerInput,
  answerHearingComment,
  HEARING_CONSENT_PURPOSE,
  HearingComment,
  hearingCommentPersonalData,
  listHearingComments,
  listPublishedHearingComments,
  ModerationInput,
  moderateHearingComment,
  NewHearingComment,
  submitHearingComment,
} from "./hearings/comments.js";
export { HearingProtocol, hearingProtocol, protocolDocx, protocolHtml } from "./hearings/protocol.js";
export {
  ANSWER_DAYS,
  answerInformationRequest,
  DEFERRAL_NOTICE_DAYS,
  DeferralInput,
  deferInformationRequest,
  InformationRequest,
  InformationRequestQuery,
  listInformationRequests,
  NewInformationRequest,
  RequestAnswerInput,
  registerInformationRequest,
} from "./media/information-requests.js";
// Media relations
export {
  accreditJournalist,
  Journalist,
  journalistPersonalData,
  listJournalists,
  NewAccreditation,
  Revocation,
  revokeAccreditation,
} from "./media/journalists.js";
export { NewPressRelease, PressRelease, sendPressRelease } from "./media/press-releases.js";
// Tables and migrations
export { contentMigrations } from "./migrations.js";
// The admin's newsroom: allowed verbs, platforms' limits, the publishing calendar, the moderation queue
export {
  allowedVerbs,
  CALENDAR_MAX_DAYS,
  CalendarChannel,
  CalendarEntry,
  CalendarQuery,
  hearingModerationQueue,
  ModerationQueueQuery,
  publicationActions,
  publishingCalendar,
  QueuedHearingComment,
  VariantLimits,
  variantLimits,
} from "./newsroom/newsroom.js";
export { createPublication, publicationPath } from "./publication/create-publication.js";
export {
  getPublication,
  getPublicPublication,
  listLivePublications,
  listPublications,
  listPublicPublications,
  PublicationQuery,
  PublicPublicationQuery,
} from "./publication/list-publications.js";
export { Publication, PublicationSnapshot, PublicPublication } from "./publication/publication.js";
export {
  Attachment,
  AuctionFields,
  CoverImage,
  ExplanatoryFields,
  HandbookFields,
  HearingFields,
  InformationCategoryFields,
  NewPublication,
  type ParsedPublication,
  PublicationChanges,
  PublicationType,
  PublisherKind,
  SafeUrl,
} from "./publication/publication-types.js";
export { createPublisher, listPublishers, NewPublisher, Publisher } from "./publication/publishers.js";
export { parseTypeFields, updatePublication } from "./publication/update-publication.js";
export {
  diffRevisions,
  listRevisions,
  Revision,
  RevisionDiff,
  restoreRevision,
} from "./revisions/revisions.js";
export { CONTENT_QUEUES } from "./scheduling/job-ids.js";
export {
  type ContentWorkerOptions,
  POST_VARIANT_RETRY_LIMIT,
  postVariant,
  reconcileScheduledWork,
  startContentWorkers,
  type VariantDelivery,
  type VariantPublisher,
} from "./scheduling/workers.js";
export {
  explanatoryRequests,
  handbookSections,
  hearingComments,
  informationRequests,
  journalists,
  pressReleases,
  publications,
  publishers,
  revisions,
  searchWords,
  variants,
} from "./schema.js";
// Search and feeds
export {
  RANKED_CANDIDATES,
  SearchHit,
  SearchQuery,
  SearchResults,
  searchPublications,
} from "./search/search.js";
export { correctSearchQuery, rebuildSearchWords } from "./search/search-words.js";
// Demo data
export { CONTENT_DEMO_SEED, contentDemoSeed } from "./seed/demo-seed.js";
export { type DiffPart, diffLines, diffWords, formatDiff } from "./text/diff.js";
// Text: Markdown, slugs, diffs
export { isSafeLink, markdownToPlainText, renderMarkdown } from "./text/markdown.js";
export { slugFromTitle, uniqueSlug } from "./text/slug.js";
export { channelsVariantPublisher, type FetchPhoto } from "./variants/channel-publisher.js";
// Cross-posting
export {
  countVariant,
  cutVariantText,
  maximumPhotoCount,
  SocialPlatform,
  textLimit,
  type VariantCounter,
} from "./variants/cut-variant.js";
export {
  listVariants,
  retryVariant,
  saveVariant,
  Variant,
  VariantInput,
  VariantState,
} from "./variants/variants.js";
export {
  approvePublication,
  archivePublication,
  PublishInput,
  publishPublication,
  publishScheduled,
  returnPublication,
  ScheduleInput,
  schedulePublication,
  submitPublication,
  unpublishPublication,
  unpublishScheduled,
} from "./workflow/transition.js";
// Workflow
export { nextState, PublicationState, stateAfterEdit, WORKFLOW, WorkflowVerb } from "./workflow/workflow.js";
