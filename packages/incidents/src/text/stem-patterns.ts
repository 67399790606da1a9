import { stemWord, tokenize } from "./tokenize.js";

/**
 * A pattern over word stems: every slot must be found (each slot is a set of alternatives), all within
 * `window` consecutive words. A one-slot pattern is a plain keyword.
 */
export interface StemPattern {
  readonly slots: readonly (readonly string[])[];
  readonly window: number;
}

/**
 * Stems every alternative of every slot, so rules are written as ordinary Russian words. An
 * alternative is one word; a phrase is written as several slots.
 */
export function stemPattern(slots: readonly (readonly string[])[], window = 4): StemPattern {
  return {
    slots: slots.map((alternatives) => [
      ...new Set(
        alternatives.map((word) => {
          const words = tokenize(word);
          if (words.length !== 1 || words[0] === undefined) {
            throw new Error(`A pattern alternative is one word, got «${word}»`);
          }
          return stemWord(words[0]);
        }),
      ),
    ]),
    window,
  };
}

/** Whether the stem sequence contains the pattern; returns the index of the first slot's match, or -1. */
export function findPattern(stemSequence: readonly string[], pattern: StemPattern): number {
  // Plain loops: this runs for every rule on every comment, and the first slot rules most of them out.
  const slots = pattern.slots;
  const first = slots[0];
  if (first === undefined) return -1;
  for (let start = 0; start < stemSequence.length; start += 1) {
    if (!first.includes(stemSequence[start] ?? "")) continue;
    const from = Math.max(0, start - pattern.window + 1);
    const to = Math.min(stemSequence.length, start + pattern.window);
    let every = true;
    for (let index = 1; index < slots.length && every; index += 1) {
      const slot = slots[index]!;
      every = false;
      for (let position = from; position < to; position += 1) {
        if (slot.includes(stemSequence[position]!)) {
          every = true;
          break;
        }
      }
    }
    if (every) return start;
  }
  return -1;
}

/** Every distinct stem a pattern can match. */
export function patternStems(pattern: StemPattern): string[] {
  return [...new Set(pattern.slots.flat())];
}
