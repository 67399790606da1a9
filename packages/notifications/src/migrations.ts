import { type MigrationSet, migrationSet } from "@otklik/db";

let found: MigrationSet | undefined;

/**
 * The tables of @otklik/notifications (`drizzle/`, shipped with the package). Apply after
 * `dbMigrations` and identity's. The folder is found on first use, so importing touches no disk.
 */
export const notificationsMigrations: MigrationSet = {
  name: "notifications",
  get folder(): string {
    found ??= migrationSet("notifications", import.meta.url);
    return found.folder;
  },
};
