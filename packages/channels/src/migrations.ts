import { type MigrationSet, migrationSet } from "@otklik/db";

/**
 * The channels package's tables (connections, delivery attempts, rate windows, audience
 * readings): drizzle-kit's migrations in `drizzle/`, found from this module in `src/` and `dist/`.
 * Apply after `dbMigrations`.
 */
export const channelsMigrations: MigrationSet = migrationSet("channels", import.meta.url);
