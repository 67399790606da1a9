/**
 * The logging surface the db package writes to. pino's logger fits it as is
 * (`logger.warn({ queue }, "message")`), so does `console`.
 */
export interface DbLogger {
  debug(data: Record<string, unknown>, message: string): void;
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything: the default, so a library stays quiet unless asked. */
export const silentLogger: DbLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
