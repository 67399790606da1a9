// Backup, restore and moving a database (PGlite → PostgreSQL)
export type { ArchiveProgress } from "./backup/archive.js";
export {
  type BackupOptions,
  type BackupResult,
  backupDatabase,
  formatLoadReport,
  type MoveOptions,
  moveDatabase,
  type RestoreOptions,
  restoreDatabase,
} from "./backup/backup.js";
export {
  type CopyProgress,
  type LoadReport,
  MINIMUM_SERVER_VERSION,
  type SequenceVerification,
  type TableVerification,
} from "./backup/load.js";
export { SnapshotManifest } from "./backup/manifest.js";
// Connection
export { type ConnectOptions, connect } from "./connection/connect.js";
export type {
  BackendKind,
  Database,
  Drizzle,
  Executor,
  Row,
  Transaction,
} from "./connection/database.js";
export { type DbLogger, silentLogger } from "./connection/logger.js";
export { isInteractive, runInteractive } from "./connection/priority.js";
export { withTransaction } from "./connection/transaction.js";
export { isDatabaseUnavailable } from "./connection/unavailable.js";
// Typed events (outbox)
export {
  defineEvent,
  type EventDefinition,
  type EventInput,
  type EventPayload,
} from "./events/define-event.js";
export { emit } from "./events/emit.js";
export { eventIdFloor, type OutboxEvent, type ReadOutboxOptions, readOutbox } from "./events/read-outbox.js";
export { deliveryJobId, type EventRelay, type EventRelayOptions, startEventRelay } from "./events/relay.js";
export {
  type DeliveredEvent,
  type EventBatchJobData,
  type EventJobData,
  type SubscribeOptions,
  type Subscription,
  subscribe,
  subscribeBatch,
} from "./events/subscribe.js";
// Durable jobs
export {
  createJobs,
  type Job,
  type Jobs,
  type JobsOptions,
  type JobToSend,
  type QueueOptions,
  type SendOptions,
  type StopOptions,
  type WorkOptions,
} from "./jobs/jobs.js";
export type { PeriodicTask } from "./jobs/periodic.js";
// Migrations
export { dbMigrations } from "./migrations/db-migrations.js";
export { type AppliedMigration, listAppliedMigrations, migrate } from "./migrations/migrate.js";
export { type MigrationSet, migrationSet } from "./migrations/migration-set.js";
// Tables of this package (for reading them with Drizzle, e.g. in reports and tests)
export { eventOutbox, eventSubscriptions, seedRuns } from "./schema.js";
// Seeds
export {
  isEmptyDatabase,
  runSeeds,
  type SeedContext,
  type SeedContribution,
  type SeedReport,
  seedOrder,
} from "./seeds/seeds.js";
