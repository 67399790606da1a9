import { type MigrationSet, migrationSet } from "@otklik/db";

let found: MigrationSet | undefined;

/**
 * The incident desk's tables, as drizzle-kit generated them (`drizzle/`, shipped with the package).
 * The API applies them after identity's. The folder is found on first use, so importing touches no disk.
 */
export const incidentsMigrations: MigrationSet = {
  name: "incidents",
  get folder(): string {
    found ??= migrationSet("incidents", import.meta.url);
    return found.folder;
  },
};
