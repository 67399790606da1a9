import { z } from "zod";

/** The SMTP relay Otklik sends through (the city's mail server or a provider's). */
export const EmailSettings = z.object({
  host: z.string().min(1),
  port: z.number().int().positive().default(587),
  /** True for implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send over a connection that did not upgrade to TLS. */
  requireTls: z.boolean().default(false),
  user: z.string().optional(),
  /** The sender: `"Администрация г. Абакана" <pr@abakan.ru>`. */
  from: z.string().min(3),
  /** The domain of generated Message-IDs; the `from` address's domain when not set. */
  messageIdDomain: z.string().optional(),
});
export type EmailSettings = z.infer<typeof EmailSettings>;

/** The SMTP password, stored encrypted. */
export const EmailSecrets = z.object({ password: z.string().optional() });
export type EmailSecrets = z.infer<typeof EmailSecrets>;
