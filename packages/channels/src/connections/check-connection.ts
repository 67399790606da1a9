import type { Clock } from "@otklik/core";
import type { HealthReport } from "../connector/connector.js";
import type { SqlQuery } from "../database/sql.js";
import { redactSecrets } from "../delivery/redact.js";
import { secretValues } from "./connection-input.js";
import { type ConnectorDependencies, createConnector } from "./make-connector.js";
import type { SecretBox } from "./secret-box.js";
import { getConnection, recordConnectionHealth } from "./store.js";

/**
 * Runs a connection's test call (VK `groups.getById`, Telegram `getMe`, OK `group.getInfo`, MAX
 * `GET /me`, an SMTP login, the platform's `/ping`) and records its health and last error.
 */
export async function checkConnection(args: {
  db: SqlQuery;
  clock: Clock;
  box: SecretBox;
  id: string;
  dependencies?: ConnectorDependencies;
}): Promise<HealthReport> {
  const connection = await getConnection({ db: args.db, box: args.box, id: args.id });
  const report = await createConnector(connection, {
    clock: args.clock,
    ...args.dependencies,
  }).testConnection();
  const safe: HealthReport =
    report.error === undefined
      ? report
      : { ...report, error: redactSecrets(report.error, secretValues(connection)) };
  await recordConnectionHealth({
    db: args.db,
    clock: args.clock,
    connection,
    healthy: safe.healthy,
    ...(safe.error === undefined ? {} : { error: safe.error }),
  });
  return safe;
}
