import { z } from "zod";
import { EmailSecrets, EmailSettings } from "../email/settings.js";
import { MaxSecrets, MaxSettings } from "../max/settings.js";
import { OkSecrets, OkSettings } from "../ok/settings.js";
import { PlatformSecrets, PlatformSettings } from "../platform/settings.js";
import { TelegramSecrets, TelegramSettings } from "../telegram/settings.js";
import { VkSecrets, VkSettings } from "../vk/settings.js";

const named = { id: z.string().optional(), name: z.string().min(1).max(200) };

/**
 * A connection as configured from code or the environment: its platform, a name people see
 * ("Абакан официальный — ВКонтакте"), settings (ids, addresses) and secrets (tokens). Secrets are
 * sealed before they reach the database.
 */
export const ConnectionInput = z.discriminatedUnion("platform", [
  z.object({ ...named, platform: z.literal("vk"), settings: VkSettings, secrets: VkSecrets }),
  z.object({
    ...named,
    platform: z.literal("telegram"),
    settings: TelegramSettings,
    secrets: TelegramSecrets,
  }),
  z.object({ ...named, platform: z.literal("ok"), settings: OkSettings, secrets: OkSecrets }),
  z.object({ ...named, platform: z.literal("max"), settings: MaxSettings, secrets: MaxSecrets }),
  z.object({
    ...named,
    platform: z.literal("platform"),
    settings: PlatformSettings,
    secrets: PlatformSecrets,
  }),
  z.object({ ...named, platform: z.literal("email"), settings: EmailSettings, secrets: EmailSecrets }),
]);
export type ConnectionInput = z.input<typeof ConnectionInput>;

/** A connection with its settings and secrets parsed (defaults applied). */
export type ConnectionConfig = z.infer<typeof ConnectionInput>;

/** How a connection was last found. */
export type ConnectionHealth = "unknown" | "healthy" | "unhealthy";

/** A stored connection without its secrets: what lists and screens show. */
export interface ConnectionSummary {
  id: string;
  platform: ConnectionConfig["platform"];
  name: string;
  settings: ConnectionConfig["settings"];
  health: ConnectionHealth;
  lastError: string | null;
  lastCheckedAt: Date | null;
  secretKeyId: string;
}

/** A stored connection with its secrets opened, for making a connector. Never log it. */
export type Connection = ConnectionSummary & ConnectionConfig & { id: string };

/** Every secret value of a connection, for redaction. */
export function secretValues(connection: Pick<ConnectionConfig, "secrets">): string[] {
  return Object.values(connection.secrets).filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
}
