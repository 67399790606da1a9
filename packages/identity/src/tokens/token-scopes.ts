import { z } from "zod";

/**
 * What an API token may be used for. Integrations get the narrowest scope that
 * does their job; a token never acts as a user and is never department-scoped.
 */
export const TokenScope = z.enum(["read", "open311:write"], {
  error: "Неизвестная область доступа токена / Unknown token scope",
});
export type TokenScope = z.infer<typeof TokenScope>;
