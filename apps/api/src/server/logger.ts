import { type Logger, pino } from "pino";

/** Structured JSON logs on stdout; secrets in well-known places are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "otklik-api" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "headers.cookie",
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
