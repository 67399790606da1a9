import type { z } from "zod";
import type { Connector } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { Throttle } from "../connector/rate-limits.js";
import { createEmailSender, type EmailSender } from "./send-email.js";
import { EmailSecrets, EmailSettings } from "./settings.js";

/** Everything an e-mail connector is made from. */
export interface EmailConnectorOptions {
  settings: z.input<typeof EmailSettings>;
  secrets: EmailSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** An e-mail connector: the generic shape plus the sender itself, for letters with HTML and attachments. */
export interface EmailConnector extends Connector {
  readonly sender: EmailSender;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The e-mail connector. `sendReply` writes to `conversationId` (an address) with the text as both
 * parts; services that need HTML or attachments use `sender.send` directly.
 */
export function createEmailConnector(options: EmailConnectorOptions): EmailConnector {
  const settings = EmailSettings.parse(options.settings);
  const secrets = EmailSecrets.parse(options.secrets);
  const sender = createEmailSender({
    settings,
    secrets,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  });
  return {
    platform: "email",
    limits: CONNECTOR_LIMITS.email,
    sender,
    sendReply: (reply, sendOptions) =>
      sender.send(
        {
          to: reply.conversationId,
          subject: "Ответ администрации города / The city administration's answer",
          text: reply.text,
          html: `<p>${escapeHtml(reply.text).replace(/\n/g, "<br>")}</p>`,
          ...(reply.replyToId ? { inReplyTo: reply.replyToId } : {}),
        },
        sendOptions.idempotencyKey,
      ),
    findLostDelivery: async () => null,
    testConnection: async () => {
      try {
        await sender.verify();
        return { healthy: true, description: `${settings.host}:${settings.port}` };
      } catch (error) {
        return { healthy: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
