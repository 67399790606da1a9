import { type Clock, newId, notFound } from "@otklik/core";
import type { ChannelsDatabase, SqlQuery } from "../database/sql.js";
import { redactSecrets } from "../delivery/redact.js";
import {
  type Connection,
  type ConnectionConfig,
  type ConnectionHealth,
  ConnectionInput,
  type ConnectionSummary,
  secretValues,
} from "./connection-input.js";
import type { SecretBox } from "./secret-box.js";

interface ConnectionRow extends Record<string, unknown> {
  id: string;
  platform: ConnectionConfig["platform"];
  name: string;
  settings: ConnectionConfig["settings"];
  sealed_secrets: string;
  secret_key_id: string;
  health: ConnectionHealth;
  last_error: string | null;
  last_checked_at: Date | string | null;
}

/** The prefix of connection ids. */
export const CONNECTION_ID_PREFIX = "conn";

const associatedData = (id: string): string => `channel_connections:${id}`;

function summaryOf(row: ConnectionRow): ConnectionSummary {
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    settings: row.settings,
    health: row.health,
    lastError: row.last_error,
    lastCheckedAt: row.last_checked_at === null ? null : new Date(row.last_checked_at),
    secretKeyId: row.secret_key_id,
  };
}

/**
 * Stores a connection (creating it, or replacing the one with the same `id`): settings as JSON,
 * secrets sealed with the box's current key. Health goes back to `unknown` until tested.
 */
export async function saveConnection(args: {
  db: SqlQuery;
  clock: Clock;
  box: SecretBox;
  input: ConnectionInput;
}): Promise<ConnectionSummary> {
  const config = ConnectionInput.parse(args.input);
  const id = config.id ?? newId(CONNECTION_ID_PREFIX, args.clock.now());
  const sealed = args.box.seal(JSON.stringify(config.secrets), associatedData(id));
  const now = args.clock.now();
  const rows = await args.db.query<ConnectionRow>(
    `INSERT INTO channel_connections (id, platform, name, settings, sealed_secrets, secret_key_id, health, created_at, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, 'unknown', $7, $7)
     ON CONFLICT (id) DO UPDATE SET platform = EXCLUDED.platform, name = EXCLUDED.name, settings = EXCLUDED.settings,
       sealed_secrets = EXCLUDED.sealed_secrets, secret_key_id = EXCLUDED.secret_key_id, health = 'unknown',
       last_error = NULL, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [id, config.platform, config.name, JSON.stringify(config.settings), sealed.sealed, sealed.keyId, now],
  );
  return summaryOf(rows[0]!);
}

/** A connection with its secrets opened, for making its connector. */
export async function getConnection(args: { db: SqlQuery; box: SecretBox; id: string }): Promise<Connection> {
  const rows = await args.db.query<ConnectionRow>("SELECT * FROM channel_connections WHERE id = $1", [
    args.id,
  ]);
  const row = rows[0];
  if (!row) throw notFound("Подключение / Connection");
  const secrets = JSON.parse(
    args.box.open(row.sealed_secrets, associatedData(row.id)),
  ) as ConnectionConfig["secrets"];
  return { ...summaryOf(row), secrets } as Connection;
}

/** Every connection, without secrets, by platform and name. */
export async function listConnections(args: { db: SqlQuery }): Promise<ConnectionSummary[]> {
  const rows = await args.db.query<ConnectionRow>(
    "SELECT * FROM channel_connections ORDER BY platform, name",
  );
  return rows.map(summaryOf);
}

/** Records a connection's health; the error is stored without any of its secrets. */
export async function recordConnectionHealth(args: {
  db: SqlQuery;
  clock: Clock;
  connection: Pick<Connection, "id" | "secrets">;
  healthy: boolean;
  error?: string;
}): Promise<void> {
  const error = args.error === undefined ? null : redactSecrets(args.error, secretValues(args.connection));
  await args.db.query(
    "UPDATE channel_connections SET health = $2, last_error = $3, last_checked_at = $4, updated_at = $4 WHERE id = $1",
    [
      args.connection.id,
      args.healthy ? "healthy" : "unhealthy",
      args.healthy ? null : error,
      args.clock.now(),
    ],
  );
}

/**
 * Re-seals every connection whose secrets were sealed with another key than the box's current
 * one. Answers how many were re-sealed; afterwards the old key can leave the keyring.
 */
export async function rotateConnectionKeys(args: {
  db: ChannelsDatabase;
  clock: Clock;
  box: SecretBox;
}): Promise<number> {
  const rows = await args.db.query<ConnectionRow>(
    "SELECT * FROM channel_connections WHERE secret_key_id <> $1",
    [args.box.currentKeyId],
  );
  for (const row of rows) {
    const plaintext = args.box.open(row.sealed_secrets, associatedData(row.id));
    const sealed = args.box.seal(plaintext, associatedData(row.id));
    await args.db.query(
      "UPDATE channel_connections SET sealed_secrets = $2, secret_key_id = $3, updated_at = $4 WHERE id = $1 AND secret_key_id = $5",
      [row.id, sealed.sealed, sealed.keyId, args.clock.now(), row.secret_key_id],
    );
  }
  return rows.length;
}
