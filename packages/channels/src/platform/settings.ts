import { z } from "zod";

/** Where the incident platform's integration endpoint (or a city's adapter in front of it) lives. */
export const PlatformSettings = z.object({
  /** Base URL of the integration endpoint, e.g. `https://adapter.abakan.example/platform/v1`. */
  baseUrl: z.url(),
});
export type PlatformSettings = z.infer<typeof PlatformSettings>;

/** The incident platform's credentials, stored encrypted. */
export const PlatformSecrets = z.object({
  /** Bearer token Otklik presents when it sends an answer. */
  apiToken: z.string().min(1),
  /** Secret of the HMAC signature on inbound intake requests (`OTKLIK_PLATFORM_SECRET`). */
  intakeSecret: z.string().min(1),
  /** Secret Otklik signs its outbound answers with; the intake secret when not set. */
  answerSigningSecret: z.string().min(1).optional(),
});
export type PlatformSecrets = z.infer<typeof PlatformSecrets>;
