import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One package's migrations: drizzle-kit's output folder (`meta/_journal.json` and
 * `NNNN_name.sql` files) under a name that is unique across the application.
 * `migrate()` tracks applied migrations per set name, so two packages' `0000_…` never collide.
 */
export interface MigrationSet {
  name: string;
  folder: string;
}

/**
 * Makes a package's {@link MigrationSet}, finding its `drizzle/` folder from the calling module:
 * it looks next to the module and then in each parent folder, so it works alike from `src/`
 * in tests and from the built `dist/` of the published package (which ships `drizzle/`).
 *
 * @example
 * export const incidentMigrations = migrationSet("incidents", import.meta.url);
 *
 * @param moduleUrl the calling module's `import.meta.url` (or a file path)
 */
export function migrationSet(name: string, moduleUrl: string | URL, folderName = "drizzle"): MigrationSet {
  const isPath = typeof moduleUrl === "string" && !moduleUrl.startsWith("file:");
  const start = path.dirname(isPath ? moduleUrl : fileURLToPath(moduleUrl));
  let current = start;
  for (;;) {
    const candidate = path.join(current, folderName);
    if (existsSync(path.join(candidate, "meta", "_journal.json"))) return { name, folder: candidate };
    const parent = path.dirname(current);
    if (parent === current) {
      throw new Error(`No ${folderName}/meta/_journal.json found above ${start} for migration set "${name}"`);
    }
    current = parent;
  }
}
