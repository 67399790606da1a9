import { type MigrationSet, migrationSet } from "@otklik/db";

let found: MigrationSet | undefined;

/**
 * Identity's tables, as drizzle-kit generated them (`drizzle/`, shipped with
 * the package), plus the trigger that keeps the audit log append-only. The API
 * applies them after `dbMigrations` and before any package that refers to users
 * or departments. The folder is found on first use, so importing touches no disk.
 */
export const identityMigrations: MigrationSet = {
  name: "identity",
  get folder(): string {
    found ??= migrationSet("identity", import.meta.url);
    return found.folder;
  },
};
