import { type Clock, newId } from "@otklik/core";
import type { AudienceFigure, Connector } from "../connector/connector.js";
import type { SqlQuery } from "../database/sql.js";

/** One stored audience figure. */
export interface AudienceReading {
  id: string;
  connectionId: string;
  platform: string;
  metric: AudienceFigure["metric"];
  value: number;
  readAt: Date;
}

/**
 * Reads a connection's audience figures from its platform and stores them with the time of
 * reading: the scheduler calls it (daily, say) and the yearly report takes the readings.
 */
export async function readAudience(args: {
  db: SqlQuery;
  clock: Clock;
  connectionId: string;
  connector: Connector;
}): Promise<AudienceReading[]> {
  if (!args.connector.readAudience) return [];
  const figures = await args.connector.readAudience();
  const readAt = args.clock.now();
  const readings: AudienceReading[] = figures.map((figure) => ({
    id: newId("aur", readAt),
    connectionId: args.connectionId,
    platform: args.connector.platform,
    metric: figure.metric,
    value: figure.value,
    readAt,
  }));
  for (const reading of readings) {
    await args.db.query(
      "INSERT INTO channel_audience_readings (id, connection_id, platform, metric, value, read_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [reading.id, reading.connectionId, reading.platform, reading.metric, reading.value, reading.readAt],
    );
  }
  return readings;
}

interface ReadingRow extends Record<string, unknown> {
  id: string;
  connection_id: string;
  platform: string;
  metric: AudienceFigure["metric"];
  value: number | string;
  read_at: Date | string;
}

/** Stored readings of one connection within `[from, to)`, oldest first. */
export async function listAudienceReadings(args: {
  db: SqlQuery;
  connectionId: string;
  from: Date;
  to: Date;
}): Promise<AudienceReading[]> {
  const rows = await args.db.query<ReadingRow>(
    `SELECT * FROM channel_audience_readings WHERE connection_id = $1 AND read_at >= $2 AND read_at < $3 ORDER BY read_at, metric`,
    [args.connectionId, args.from, args.to],
  );
  return rows.map((row) => ({
    id: row.id,
    connectionId: row.connection_id,
    platform: row.platform,
    metric: row.metric,
    value: Number(row.value),
    readAt: new Date(row.read_at),
  }));
}
