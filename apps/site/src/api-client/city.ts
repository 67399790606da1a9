import { z } from "zod";

/** A text in both languages of the site. */
export const LocalisedText = z.object({ ru: z.string(), en: z.string() });
export type LocalisedText = z.infer<typeof LocalisedText>;

/** The city's profile as `GET /api/v1/city` returns it (the API lets it be cached for a minute). */
export const City = z.object({
  name: LocalisedText,
  administration: LocalisedText,
  timeZone: z.string(),
  contacts: z.object({ address: LocalisedText, phone: z.string(), email: z.string() }),
});
export type City = z.infer<typeof City>;

export const CITY_PATH = "/api/v1/city";
export const CITY_FRESH_MILLISECONDS = 60_000;
