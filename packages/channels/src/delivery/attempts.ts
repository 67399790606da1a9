import { type Clock, newId } from "@otklik/core";
import type { FailureKind } from "../connector/delivery-error.js";
import type { PublishedItem } from "../connector/outbound.js";
import type { SqlQuery } from "../database/sql.js";

/** What became of one attempt. */
export type AttemptOutcome =
  | "in_flight"
  | "sent"
  | "retry_scheduled"
  | "failed"
  | "unknown"
  | "found"
  | "not_found"
  | "released";

/** One recorded attempt. */
export interface DeliveryAttempt {
  id: string;
  connectionId: string;
  operation: string;
  idempotencyKey: string;
  attemptNumber: number;
  outcome: AttemptOutcome;
  errorKind: FailureKind | null;
  errorCode: string | null;
  errorMessage: string | null;
  platformId: string | null;
  platformIds: Record<string, string> | null;
  startedAt: Date;
  finishedAt: Date | null;
  retryAt: Date | null;
}

interface AttemptRow extends Record<string, unknown> {
  id: string;
  connection_id: string;
  operation: string;
  idempotency_key: string;
  attempt_number: number;
  outcome: AttemptOutcome;
  error_kind: FailureKind | null;
  error_code: string | null;
  error_message: string | null;
  platform_id: string | null;
  platform_ids: Record<string, string> | null;
  started_at: Date | string;
  finished_at: Date | string | null;
  retry_at: Date | string | null;
}

const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function fromRow(row: AttemptRow): DeliveryAttempt {
  return {
    id: row.id,
    connectionId: row.connection_id,
    operation: row.operation,
    idempotencyKey: row.idempotency_key,
    attemptNumber: Number(row.attempt_number),
    outcome: row.outcome,
    errorKind: row.error_kind,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    platformId: row.platform_id,
    platformIds: row.platform_ids,
    startedAt: new Date(row.started_at),
    finishedAt: toDate(row.finished_at),
    retryAt: toDate(row.retry_at),
  };
}

/** Every attempt of one delivery, oldest first. */
export async function listAttempts(db: SqlQuery, idempotencyKey: string): Promise<DeliveryAttempt[]> {
  const rows = await db.query<AttemptRow>(
    "SELECT * FROM channel_delivery_attempts WHERE idempotency_key = $1 ORDER BY attempt_number",
    [idempotencyKey],
  );
  return rows.map(fromRow);
}

/** Starts attempt `attemptNumber` (a unique index refuses a second worker starting the same one). */
export async function insertAttempt(
  db: SqlQuery,
  clock: Clock,
  values: {
    connectionId: string;
    operation: string;
    idempotencyKey: string;
    attemptNumber: number;
    outcome: AttemptOutcome;
  },
): Promise<string> {
  const id = newId("att", clock.now());
  await db.query(
    `INSERT INTO channel_delivery_attempts (id, connection_id, operation, idempotency_key, attempt_number, outcome, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      values.connectionId,
      values.operation,
      values.idempotencyKey,
      values.attemptNumber,
      values.outcome,
      clock.now(),
    ],
  );
  return id;
}

/** Records how an attempt ended. */
export async function finishAttempt(
  db: SqlQuery,
  clock: Clock,
  id: string,
  result: {
    outcome: AttemptOutcome;
    error?: { kind: FailureKind; code: string | undefined; message: string };
    item?: PublishedItem;
    retryAt?: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE channel_delivery_attempts
        SET outcome = $2, error_kind = $3, error_code = $4, error_message = $5, platform_id = $6,
            platform_ids = $7::jsonb, finished_at = $8, retry_at = $9
      WHERE id = $1`,
    [
      id,
      result.outcome,
      result.error?.kind ?? null,
      result.error?.code ?? null,
      result.error?.message ?? null,
      result.item?.platformId ?? null,
      result.item ? JSON.stringify(result.item.platformIds) : null,
      clock.now(),
      result.retryAt ?? null,
    ],
  );
}
