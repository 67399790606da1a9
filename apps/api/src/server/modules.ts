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
import { incidentsDemoSeed, incidentsMigrations } from "@otklik/incidents";
import { notificationsMigrations } from "@otklik/notifications";

/**
 * Every package's migrations, in dependency order: a package's tables exist
 * before the tables of packages that build on it. Later packages add theirs here.
 */
export const migrationSets: MigrationSet[] = [
  dbMigrations,
  identityMigrations,
  notificationsMigrations,
  contentMigrations,
  incidentsMigrations,
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
  return registry;
}
