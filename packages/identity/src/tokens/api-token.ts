import { NonEmptyText } from "@otklik/core";
import { z } from "zod";
import { TokenScope } from "./token-scopes.js";

/** An API token as lists show it: never its secret, only a hint of its first characters. */
export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string(),
  scopes: z.array(TokenScope),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** What an administrator gives to issue a token. */
export const NewApiToken = z.object({
  name: NonEmptyText.max(200),
  scopes: z
    .array(TokenScope)
    .min(1, { error: "Нужна хотя бы одна область доступа / At least one scope is needed" })
    .transform((scopes) => [...new Set(scopes)]),
});
export type NewApiToken = z.infer<typeof NewApiToken>;

/** A token just issued: the secret is shown this once and never again. */
export const IssuedApiToken = z.object({ token: ApiToken, secret: z.string() });
export type IssuedApiToken = z.infer<typeof IssuedApiToken>;
