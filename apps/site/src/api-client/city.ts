import { z } from "zod";
import { type ApiClientOptions, getJson } from "./api-client.js";

/** A text in both languages of the site. */
export const LocalisedText = z.object({ ru: z.string(), en: z.string() });
export type LocalisedText = z.infer<typeof LocalisedText>;

/** The city's profile as `GET /api/v1/city` returns it. */
export const City = z.object({
  name: LocalisedText,
  administration: LocalisedText,
  timeZone: z.string(),
  contacts: z.object({ address: LocalisedText, phone: z.string(), email: z.string() }),
});
export type City = z.infer<typeof City>;

export type CityLoader = () => Promise<City>;

/**
 * Loads the city's profile, keeping a good answer for `cacheMilliseconds` (the API lets it be cached
 * for a minute): every page needs it, and it changes only when the administration edits it.
 */
export function createCityLoader(
  options: ApiClientOptions & { cacheMilliseconds?: number; now?: () => number },
): CityLoader {
  const cacheMilliseconds = options.cacheMilliseconds ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { city: City; until: number } | undefined;
  return async () => {
    if (cached && cached.until > now()) return cached.city;
    const city = await getJson(options, "/api/v1/city", City);
    cached = { city, until: now() + cacheMilliseconds };
    return city;
  };
}
