import type { BackendKind } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "../migrations.js";

/** The backends to run on, named for `describe.each(backends)("… on $name", …)`. */
export const backends: { name: BackendKind }[] = testBackends().map((name) => ({ name }));

/** A fresh database with identity's tables, thrown away by `close()`. */
export function freshDatabase(backend: { name: BackendKind }): Promise<TestDatabase> {
  return createTestDatabase({ backend: backend.name, migrations: [identityMigrations] });
}
