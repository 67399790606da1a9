import { channelsMigrations } from "@otklik/channels";
import {
  contentDemoSeed,
  contentMigrations,
  hearingCommentPersonalData,
  journalistPersonalData,
} from "@otklik/content";
import { dbMigrations, type MigrationSet, type SeedContribution } from "@otklik/db";
import {
  consentPersonalData,
  createPersonalDataRegistry,
  identityDemoSeed,
  identityMigrations,
  type PersonalDataRegistry,
  PRODUCTION_PASSWORD_HASHING,
} from "@otklik/identity";
import { incidentAuthorsPersonalData, incidentsDemoSeed, incidentsMigrations } from "@otklik/incidents";
import { notificationsMigrations } from "@otklik/notifications";
import { apiMigrations } from "../http/rate-limit/migrations.js";
import { reportMigrations } from "../routes/reports/register.js";

/**
 * Every package's migrations, in dependency order: a package's tables exist
 * before the tables of packages that build on it. Later packages add theirs here.
 */
export const migrationSets: MigrationSet[] = [
  dbMigrations,
  // The city's channel connections and delivery attempts: content's posting and the desk's replies use them.
  channelsMigrations,
  identityMigrations,
  notificationsMigrations,
  contentMigrations,
  incidentsMigrations,
  // The API's own table: per-client rate limits shared by the API processes (src/http/rate-limit).
  apiMigrations,
  // The yearly and monthly reports' runs and files (src/routes/reports).
  reportMigrations,
];

/**
 * Every package's Abakan demo data. Each contribution runs once per database
 * (recorded by `runSeeds`), so a restart keeps what the first start wrote.
 */
export const demoSeeds: SeedContribution[] = [
  identityDemoSeed({ passwordHashing: PRODUCTION_PASSWORD_HASHING }),
  contentDemoSeed,
  incidentsDemoSeed,
];

/**
 * Where citizens' personal data lives, for export, erasure and retention. Every
 * package that stores some registers its part here.
 */
export function personalDataRegistry(): PersonalDataRegistry {
  const registry = createPersonalDataRegistry();
  registry.register(consentPersonalData);
  registry.register(hearingCommentPersonalData);
  registry.register(journalistPersonalData);
  registry.register(incidentAuthorsPersonalData);
  return registry;
}
