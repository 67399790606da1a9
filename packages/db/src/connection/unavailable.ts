/**
 * True when `error` (or an error in its `cause` chain — Drizzle wraps the driver's errors) says the database
 * cannot be reached for now, rather than that the statement was wrong: the server refused or dropped the
 * connection (ECONNREFUSED, ECONNRESET, …, "Connection terminated"), SQLSTATE class 08 (connection
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
 * down), 53300 too_many_connections, or the pool gave up waiting for a connection. The API answers such
 * errors with 503 and `Retry-After`; the pool opens new connections when the server is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); ) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODE.test(code)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** SQLSTATEs and Node's socket error codes that mean "not reachable now". */
const UNAVAILABLE_CODE =
  /^(08[0-9A-Z]{3}|57P0[123]|53300|ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTCONN)$/;

/** node-postgres's own messages for a lost or unobtainable connection (they carry no code). */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection closed)$/;
