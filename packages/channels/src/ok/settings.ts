import { z } from "zod";

/** A city's OK group. */
export const OkSettings = z.object({
  /** The group's numeric id (`gid`), as a string: OK ids exceed 2^53. */
  groupId: z.string().regex(/^\d+$/),
  /** The application's public key (`application_key`). */
  applicationKey: z.string().min(1),
  baseUrl: z.url().default("https://api.ok.ru"),
});
export type OkSettings = z.infer<typeof OkSettings>;

/**
 * OK credentials, stored encrypted: a long-lived access token of a group administrator with the
 * VALUABLE_ACCESS, LONG_ACCESS_TOKEN, GROUP_CONTENT and PHOTO_CONTENT rights, and the
 * application's secret key, which signs every request.
 */
export const OkSecrets = z.object({
  accessToken: z.string().min(1),
  applicationSecretKey: z.string().min(1),
});
export type OkSecrets = z.infer<typeof OkSecrets>;
