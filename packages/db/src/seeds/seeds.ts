import type { Clock } from "@otklik/core";
import type { Database, Executor, Transaction } from "../connection/database.js";
import { withTransaction } from "../connection/transaction.js";

/** What a seed contribution gets: the transaction it runs in and the clock. */
export interface SeedContext {
  db: Transaction;
  clock: Clock;
}

/**
 * A package's share of the initial data (demo departments, the first administrator…).
 * `name` is unique across the application; `dependsOn` names contributions that must run first.
 */
export interface SeedContribution {
  name: string;
  dependsOn?: readonly string[];
  run(context: SeedContext): Promise<void>;
}

/** What `runSeeds` did. */
export interface SeedReport {
  /** Contributions that ran now, in the order they ran. */
  ran: string[];
  /** Contributions that had run on this database before. */
  skipped: string[];
}

/**
 * Runs each contribution once per database, dependencies first, each in its own transaction
 * together with its record in `seed_runs`: a restart (or a second process starting at the same
 * moment) does not seed again, and a failing contribution leaves no trace and stops the run.
 */
export async function runSeeds(
  db: Database,
  seeds: readonly SeedContribution[],
  options: { clock: Clock },
): Promise<SeedReport> {
  const report: SeedReport = { ran: [], skipped: [] };
  for (const seed of seedOrder(seeds)) {
    const ran = await withTransaction(db, async (tx) => {
      // Claiming the row first makes a concurrent runner wait here, then find it taken.
      const claimed = await tx.query(
        "INSERT INTO seed_runs (name, ran_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name",
        [seed.name, options.clock.now()],
      );
      if (claimed.length === 0) return false;
      try {
        await seed.run({ db: tx, clock: options.clock });
      } catch (error) {
        throw new Error(`Seed "${seed.name}" failed: ${(error as Error).message}`, { cause: error });
      }
      return true;
    });
    (ran ? report.ran : report.skipped).push(seed.name);
    if (ran) db.logger.info({ seed: seed.name }, "Seed ran");
  }
  return report;
}

/** Orders contributions so each comes after what it depends on (stable otherwise). */
export function seedOrder(seeds: readonly SeedContribution[]): SeedContribution[] {
  const byName = new Map<string, SeedContribution>();
  for (const seed of seeds) {
    if (byName.has(seed.name)) throw new Error(`Seed "${seed.name}" is listed twice`);
    byName.set(seed.name, seed);
  }
  const ordered: SeedContribution[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (seed: SeedContribution, path: string[]): void => {
    if (state.get(seed.name) === "done") return;
    if (state.get(seed.name) === "visiting") {
      throw new Error(`Seeds depend on each other in a circle: ${[...path, seed.name].join(" → ")}`);
    }
    state.set(seed.name, "visiting");
    for (const dependency of seed.dependsOn ?? []) {
      const required = byName.get(dependency);
      if (!required) throw new Error(`Seed "${seed.name}" depends on "${dependency}", which is not listed`);
      visit(required, [...path, seed.name]);
    }
    state.set(seed.name, "done");
    ordered.push(seed);
  };
  for (const seed of seeds) visit(seed, []);
  return ordered;
}

/** True when no seed has ever run on this database: the app's cue to seed demo data or the first administrator. */
export async function isEmptyDatabase(db: Executor): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM seed_runs LIMIT 1");
  return rows.length === 0;
}
