import type { BackendKind, Database } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { channelsMigrations } from "../src/migrations.js";

/** PGlite always; PostgreSQL too when `OTKLIK_TEST_DATABASE_URL` is set. */
export function backends(): BackendKind[] {
  return testBackends();
}

/** A fresh database with the db and channels migrations applied; `close` throws it away. */
export interface ChannelsTestDatabase {
  db: Database;
  /** The PostgreSQL URL, for worker processes to share it. */
  url?: string;
  close(): Promise<void>;
}

/** Makes a fresh migrated database on the given backend (from `@otklik/db/testing`'s cached templates). */
export async function createChannelsTestDatabase(backend: BackendKind): Promise<ChannelsTestDatabase> {
  const db = await createTestDatabase({ backend, migrations: [channelsMigrations] });
  return { db, ...(db.url ? { url: db.url } : {}), close: () => db.close() };
}
