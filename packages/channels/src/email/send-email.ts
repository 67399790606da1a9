import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { DeliveryError } from "../connector/delivery-error.js";
import type { PublishedItem } from "../connector/outbound.js";
import { PLATFORM_RATES, type RateLimitRule, type Throttle } from "../connector/rate-limits.js";
import type { EmailSecrets, EmailSettings } from "./settings.js";

/** A file attached to a letter. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/** One letter: both an HTML and a plain-text part, so every mail client shows it. */
export interface EmailMessage {
  to: string | readonly string[];
  subject: string;
  html: string;
  text: string;
  attachments?: readonly EmailAttachment[];
  replyTo?: string;
  /** The Message-ID of the letter this one answers, for threading. */
  inReplyTo?: string;
}

/** A way to send letters through one SMTP relay. */
export interface EmailSender {
  send(message: EmailMessage, idempotencyKey: string): Promise<PublishedItem>;
  verify(): Promise<void>;
  close(): void;
}

/** Network failures at connection time: the relay has seen nothing of the letter. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);
const EARLY_TIMEOUTS = new Set(["CONNECTION_TIMEOUT", "GREETING_TIMEOUT"]);

interface SmtpError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  timeoutType?: string;
  command?: string;
}

/**
 * Sorts an SMTP failure: a refused connection or an early timeout never sent anything (retry); a
 * 4xx reply is the relay's "try later"; a 5xx reply or a bad address is final; a socket lost
 * mid-conversation may have delivered the letter (outcome unknown).
 */
export function emailFailure(error: unknown): DeliveryError {
  const smtp = error as SmtpError;
  const code = smtp.code ?? "EUNKNOWN";
  const message = `SMTP ${code}${smtp.responseCode ? ` ${smtp.responseCode}` : ""}`;
  if (code === "EAUTH" || code === "ENOAUTH")
    return new DeliveryError("email", "token_invalid", message, { platformCode: code });
  if (smtp.responseCode !== undefined) {
    // The relay answered: 4xx is its "try later" (nothing accepted), 5xx a final refusal.
    const kind = smtp.responseCode >= 500 ? "invalid_request" : "temporary";
    return new DeliveryError("email", kind, message, { platformCode: smtp.responseCode });
  }
  if (code === "EENVELOPE" || code === "EMESSAGE")
    return new DeliveryError("email", "invalid_request", message, { platformCode: code });
  if (
    code === "EDNS" ||
    NOT_SENT.has(smtp.originalCode ?? "") ||
    (code === "ETIMEDOUT" && EARLY_TIMEOUTS.has(smtp.timeoutType ?? ""))
  ) {
    return new DeliveryError("email", "temporary", message, { platformCode: smtp.originalCode ?? code });
  }
  if (code === "ECONNECTION" && smtp.command === "CONN" && smtp.originalCode === undefined) {
    return new DeliveryError("email", "temporary", message, { platformCode: code });
  }
  return new DeliveryError("email", "unknown_outcome", `${message}: результат неизвестен / outcome unknown`, {
    platformCode: code,
  });
}

/** The relay's rate limit, keyed by its host. */
export function emailRateRule(settings: EmailSettings): RateLimitRule {
  return { key: `email:${settings.host}`, ...PLATFORM_RATES.smtpRelay };
}

function messageIdDomain(settings: EmailSettings): string {
  if (settings.messageIdDomain) return settings.messageIdDomain;
  const match = /@([^>\s]+)>?\s*$/.exec(settings.from);
  return match?.[1] ?? "otklik.local";
}

/**
 * Makes a sender over SMTP with nodemailer. The Message-ID is derived from the idempotency key,
 * so a letter sent twice after an unknown outcome carries the same id and threads as one.
 */
export function createEmailSender(options: {
  settings: EmailSettings;
  secrets: EmailSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}): EmailSender {
  const { settings, secrets } = options;
  const timeout = options.timeoutMilliseconds ?? 30_000;
  const transportOptions: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Nodemailer's own logger stays off: it would print the AUTH exchange.
    logger: false,
    debug: false,
    ...(settings.user ? { auth: { user: settings.user, pass: secrets.password ?? "" } } : {}),
    ...(settings.requireTls ? {} : { tls: { rejectUnauthorized: true } }),
  };
  const transport = nodemailer.createTransport(transportOptions);
  return {
    async send(message, idempotencyKey) {
      if (options.throttle) await options.throttle([emailRateRule(settings)]);
      const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "_")}@${messageIdDomain(settings)}>`;
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: typeof message.to === "string" ? message.to : [...message.to],
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.inReplyTo } : {}),
          attachments: (message.attachments ?? []).map((attachment) => ({
            filename: attachment.filename,
            contentType: attachment.contentType,
            content: Buffer.from(attachment.data),
          })),
        });
        return {
          platformId: info.messageId ?? messageId,
          platformIds: { messageId: info.messageId ?? messageId },
        };
      } catch (error) {
        throw emailFailure(error);
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (error) {
        throw emailFailure(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
