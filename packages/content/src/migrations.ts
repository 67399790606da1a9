import { type MigrationSet, migrationSet } from "@otklik/db";

let found: MigrationSet | undefined;

/**
 * Content's tables (`drizzle/`, shipped with the package). The API applies them after identity's.
 * The folder is found on first use, so importing touches no disk.
 */
export const contentMigrations: MigrationSet = {
  name: "content",
  get folder(): string {
    found ??= migrationSet("content", import.meta.url);
    return found.folder;
  },
};
