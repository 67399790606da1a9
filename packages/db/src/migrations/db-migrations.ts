import { type MigrationSet, migrationSet } from "./migration-set.js";

let found: MigrationSet | undefined;

/**
 * The db package's own tables (event outbox, event subscriptions, seed runs): list it first.
 * The folder is found on first use, so merely importing the package never touches the disk.
 */
export const dbMigrations: MigrationSet = {
  name: "db",
  get folder(): string {
    found ??= migrationSet("db", import.meta.url);
    return found.folder;
  },
};
