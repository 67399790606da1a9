import { type MigrationSet, migrationSet } from "@otklik/db";

/**
 * The API's own table (`api_rate_limits`, the per-client rate limits shared by every API
 * process on one PostgreSQL), in `apps/api/drizzle/`; found from `src/` and from `dist/`.
 */
export const apiMigrations: MigrationSet = migrationSet("api", import.meta.url);
