import { ABAKAN_STREET_REGISTER, type StreetRegister } from "../addresses/street-register.js";
import { STOP_WORDS } from "../text/stop-words.js";
import { stemFeatures, stemWord, tokenize } from "../text/tokenize.js";

/** Stems of the city's place names (streets, districts, the city), which say where, not what. */
export function placeNameStems(register: StreetRegister): Set<string> {
  const words: string[] = [...tokenize(register.city)];
  for (const district of register.districts) words.push(...district.forms.flatMap((form) => tokenize(form)));
  for (const street of register.streets) {
    // Names that are ordinary words («Торговая», «Хлебная») may say something about the topic.
    if (street.ordinaryWord === true) continue;
    for (const name of [street.name, ...(street.aliases ?? [])]) words.push(...tokenize(name));
  }
  return new Set(words.filter((word) => word.length > 1).map(stemWord));
}

const ABAKAN_PLACE_STEMS = placeNameStems(ABAKAN_STREET_REGISTER);

/**
 * The topic stems of a text: its words' stems without function words, numbers and the city's place
 * names. These, and their adjacent pairs, are what the learned model and topic grouping look at.
 */
export function topicStems(text: string, placeStems: ReadonlySet<string> = ABAKAN_PLACE_STEMS): string[] {
  const result: string[] = [];
  for (const word of tokenize(text)) {
    if (word.length < 2 || /^\d/u.test(word) || STOP_WORDS.has(word)) continue;
    const stem = stemWord(word);
    if (!placeStems.has(stem)) result.push(stem);
  }
  return result;
}

/** Distinct topic stems and their adjacent pairs: the features of one comment. */
export function topicFeatures(text: string, placeStems?: ReadonlySet<string>): string[] {
  return [...new Set(stemFeatures(topicStems(text, placeStems)))];
}
