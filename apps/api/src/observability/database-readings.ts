import type { Executor } from "@otklik/db";

/** One pg-boss queue's state. */
export interface QueueReading {
  queue: string;
  /** Jobs due now and not started: the queue's depth. */
  due: number;
  /** Jobs waiting for a later start (SLA deadlines, scheduled posts): not backlog. */
  scheduled: number;
  active: number;
  /** How long the oldest due job has waited since it became due, in seconds (0 when none). */
  oldestDueSeconds: number;
}

export interface DeliveryReading {
  /** `notification`, `incident_reply` or `social_post`. */
  source: string;
  channel: string;
  state: string;
  count: number;
}

export interface DatabaseReadings {
  /** When read (the database's clock is not needed: ages are computed by the database). */
  readAt: Date;
  /** Every queue pg-boss knows, with zeros for empty ones; empty when the jobs schema is not installed. */
  queues: QueueReading[];
  outbox: { pending: number; oldestPendingSeconds: number };
  /** SLA warnings and breaches announced so far, per metric. */
  slaNotices: { metric: string; kind: string; count: number }[];
  /** Deliveries not (yet) done: queued, sending, failed, unknown. */
  deliveries: DeliveryReading[];
  /** The sources that could not be read this time (their figures are left out). */
  failed: string[];
}

// Read-only figures from tables other packages export for reading (`@otklik/db`'s eventOutbox,
// `@otklik/incidents`' slaNotices and replies, `@otklik/notifications`' notifications,
// `@otklik/content`' variants) and pg-boss's own job table. The tests run these on both backends,
// so a renamed table or column fails them.
const QUEUES = (schema: string) => `
  SELECT q.name AS queue,
         coalesce(j.due, 0)::int AS due,
         coalesce(j.scheduled, 0)::int AS scheduled,
         coalesce(j.active, 0)::int AS active,
         coalesce(j.oldest_due_seconds, 0)::float8 AS oldest_due_seconds
  FROM ${schema}.queue q
  LEFT JOIN (
    SELECT name,
           count(*) FILTER (WHERE state < 'active' AND start_after <= now()) AS due,
           count(*) FILTER (WHERE state < 'active' AND start_after > now()) AS scheduled,
           count(*) FILTER (WHERE state = 'active') AS active,
           EXTRACT(EPOCH FROM now() - min(start_after) FILTER (WHERE state < 'active' AND start_after <= now())) AS oldest_due_seconds
    FROM ${schema}.job
    WHERE state <= 'active'
    GROUP BY name
  ) j ON j.name = q.name
  ORDER BY q.name`;

const OUTBOX = `
  SELECT count(*)::int AS pending,
         coalesce(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS oldest_pending_seconds
  FROM event_outbox WHERE dispatched_at IS NULL`;

const SLA_NOTICES = `SELECT metric, kind, count(*)::int AS count FROM incident_sla_notices GROUP BY metric, kind ORDER BY 1, 2`;

const DELIVERIES: Record<string, string> = {
  notification: `SELECT channel, state, count(*)::int AS count FROM notifications
                 WHERE state IN ('queued', 'sending', 'failed') GROUP BY channel, state`,
  incident_reply: `SELECT coalesce(channel, 'none') AS channel, delivery_state AS state, count(*)::int AS count
                   FROM incident_replies WHERE delivery_state IN ('queued', 'sending', 'failed', 'unknown')
                   GROUP BY 1, 2`,
  social_post: `SELECT platform AS channel, state, count(*)::int AS count FROM content_variants
                WHERE state IN ('queued', 'failed', 'unknown') GROUP BY 1, 2`,
};

/** Reads the database's figures for the metrics and the readiness check. */
export async function readDatabase(
  db: Executor,
  options: { jobsSchema?: string } = {},
): Promise<DatabaseReadings> {
  const schema = options.jobsSchema ?? "pgboss";
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid jobs schema "${schema}"`);
  const failed: string[] = [];
  const attempt = async <T>(source: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch {
      failed.push(source);
      return fallback;
    }
  };
  // On PGlite these run one after another anyway (one connection); on PostgreSQL they are few and cheap.
  const queues = await attempt(
    "queues",
    async () => {
      const [installed] = await db.query<{ present: boolean }>(
        "SELECT to_regclass($1) IS NOT NULL AS present",
        [`${schema}.job`],
      );
      if (!installed?.present) return [];
      const rows = await db.query<{
        queue: string;
        due: number;
        scheduled: number;
        active: number;
        oldest_due_seconds: number;
      }>(QUEUES(schema));
      return rows.map((row) => ({
        queue: row.queue,
        due: Number(row.due),
        scheduled: Number(row.scheduled),
        active: Number(row.active),
        oldestDueSeconds: Math.max(0, Number(row.oldest_due_seconds)),
      }));
    },
    [] as QueueReading[],
  );
  const outbox = await attempt(
    "outbox",
    async () => {
      const [row] = await db.query<{ pending: number; oldest_pending_seconds: number }>(OUTBOX);
      return {
        pending: Number(row?.pending ?? 0),
        oldestPendingSeconds: Math.max(0, Number(row?.oldest_pending_seconds ?? 0)),
      };
    },
    { pending: 0, oldestPendingSeconds: 0 },
  );
  const slaNotices = await attempt(
    "sla",
    async () =>
      (await db.query<{ metric: string; kind: string; count: number }>(SLA_NOTICES)).map((row) => ({
        metric: row.metric,
        kind: row.kind,
        count: Number(row.count),
      })),
    [] as DatabaseReadings["slaNotices"],
  );
  const deliveries: DeliveryReading[] = [];
  for (const [source, statement] of Object.entries(DELIVERIES)) {
    const rows = await attempt(
      `deliveries:${source}`,
      () => db.query<{ channel: string; state: string; count: number }>(statement),
      [],
    );
    for (const row of rows)
      deliveries.push({ source, channel: row.channel, state: row.state, count: Number(row.count) });
  }
  return { readAt: new Date(), queues, outbox, slaNotices, deliveries, failed };
}

/** The database's figures, read at most once per `maxAgeMs` however often they are asked for. */
export interface DatabaseReader {
  read(): Promise<DatabaseReadings>;
}

/**
 * Caches {@link readDatabase}: a scrape every few seconds from several Prometheus servers, and
 * every readiness probe, cost one reading per `maxAgeMs` (default 5 s). Callers that ask while a
 * reading is under way share it.
 */
export function cachedDatabaseReader(
  db: Executor,
  options: { maxAgeMs?: number; jobsSchema?: string; now?: () => number } = {},
): DatabaseReader {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  let last: { at: number; readings: DatabaseReadings } | undefined;
  let pending: Promise<DatabaseReadings> | undefined;
  return {
    read() {
      if (last && now() - last.at < maxAgeMs) return Promise.resolve(last.readings);
      pending ??= readDatabase(db, options.jobsSchema ? { jobsSchema: options.jobsSchema } : {})
        .then((readings) => {
          last = { at: now(), readings };
          return readings;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}
