import { z } from "zod";

/** The city's incident categories, as codes stored with every incident and used by SLA rules. */
export const CATEGORY_CODES = [
  "roads",
  "yards",
  "housing",
  "transport",
  "waste",
  "street-lighting",
  "snow",
  "animals",
  "trade",
  "education",
  "healthcare",
  "other",
] as const;

/** One of {@link CATEGORY_CODES}. */
export const CategoryCode = z.enum(CATEGORY_CODES);
export type CategoryCode = z.infer<typeof CategoryCode>;

/** Names shown to operators and citizens, Russian first. */
export const CATEGORY_NAMES: Readonly<Record<CategoryCode, { ru: string; en: string }>> = {
  roads: { ru: "Дороги", en: "Roads" },
  yards: { ru: "Дворы и благоустройство", en: "Yards and landscaping" },
  housing: { ru: "ЖКХ", en: "Housing and utilities" },
  transport: { ru: "Общественный транспорт", en: "Public transport" },
  waste: { ru: "Мусор", en: "Waste" },
  "street-lighting": { ru: "Освещение", en: "Street lighting" },
  snow: { ru: "Уборка снега", en: "Snow removal" },
  animals: { ru: "Безнадзорные животные", en: "Stray animals" },
  trade: { ru: "Торговля", en: "Trade" },
  education: { ru: "Образование", en: "Education" },
  healthcare: { ru: "Здравоохранение", en: "Healthcare" },
  other: { ru: "Прочее", en: "Other" },
};
