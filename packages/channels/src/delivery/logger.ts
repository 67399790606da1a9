/**
 * The logger the services write to: the `info`/`warn` shape of pino, so the app passes its one
 * logger. Entries never carry secrets: messages are redacted before they are logged.
 */
export interface ChannelsLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything, for callers that pass none. */
export const silentLogger: ChannelsLogger = { info: () => {}, warn: () => {} };
