import { randomUUID } from "node:crypto";
import { createEmailSender } from "@otklik/channels";
import type { SendMail } from "@otklik/identity";
import type { Logger } from "pino";

/**
 * The API's outgoing mail, from `OTKLIK_SMTP_URL` (`smtp://user:password@host:587`,
 * `smtps://…:465` for implicit TLS) and `OTKLIK_MAIL_FROM`. Without a relay, letters are not
 * sent and the log says so (without their content, which may hold one-time links).
 */
export function createSendMail(options: { smtpUrl?: string; from: string; logger: Logger }): SendMail {
  if (!options.smtpUrl) {
    return async (message) => {
      options.logger.warn(
        { subject: message.subject },
        "OTKLIK_SMTP_URL is not set: the letter was not sent",
      );
      throw new Error("Почта не настроена / Outgoing mail is not configured (OTKLIK_SMTP_URL)");
    };
  }
  const url = new URL(options.smtpUrl);
  const secure = url.protocol === "smtps:";
  const sender = createEmailSender({
    settings: {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      requireTls: url.searchParams.get("requireTls") === "true",
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      from: options.from,
    },
    secrets: url.password ? { password: decodeURIComponent(url.password) } : {},
  });
  return async (message) => {
    await sender.send(message, `mail-${randomUUID()}`);
  };
}
