import { z } from "zod";
import registerJson from "../../data/abakan-streets.json" with { type: "json" };

/** Kinds of street, as stored; `streetTypeName` gives the Russian word. */
export const StreetType = z.enum([
  "street",
  "avenue",
  "lane",
  "boulevard",
  "highway",
  "passage",
  "square",
  "embankment",
  "microdistrict",
]);
export type StreetType = z.infer<typeof StreetType>;

/** Russian names of street types, full and as abbreviated on signs. */
export const STREET_TYPE_NAMES: Readonly<Record<StreetType, { full: string; short: string }>> = {
  street: { full: "улица", short: "ул." },
  avenue: { full: "проспект", short: "пр-т" },
  lane: { full: "переулок", short: "пер." },
  boulevard: { full: "бульвар", short: "б-р" },
  highway: { full: "шоссе", short: "ш." },
  passage: { full: "проезд", short: "пр-д" },
  square: { full: "площадь", short: "пл." },
  embankment: { full: "набережная", short: "наб." },
  microdistrict: { full: "микрорайон", short: "мкр" },
};

/** A street of the register: its type, its official name and other spellings people use. */
export const RegisteredStreet = z.object({
  type: StreetType,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  /** The name is also an ordinary word («Торговая», «Лесная»): found in text only with a street type or a house number. */
  ordinaryWord: z.boolean().optional(),
});
export type RegisteredStreet = z.infer<typeof RegisteredStreet>;

/** A district (микрорайон, part of the city) and the word forms it appears in («в Согре»). */
export const RegisteredDistrict = z.object({
  name: z.string().min(1),
  forms: z.array(z.string().min(1)).min(1),
});
export type RegisteredDistrict = z.infer<typeof RegisteredDistrict>;

/** A city's street register, used to normalise addresses found in free text. */
export const StreetRegister = z.object({
  city: z.string().min(1),
  note: z.string().optional(),
  districts: z.array(RegisteredDistrict),
  streets: z.array(RegisteredStreet),
});
export type StreetRegister = z.infer<typeof StreetRegister>;

/** A demonstration register of Abakan's streets and districts (`data/abakan-streets.json`). */
export const ABAKAN_STREET_REGISTER: StreetRegister = StreetRegister.parse(registerJson);
