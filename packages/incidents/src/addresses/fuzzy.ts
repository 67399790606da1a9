/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
 * transpositions of adjacent letters each cost 1 — the typos people make when typing street names.
 */
export function damerauLevenshtein(left: string, right: string): number {
  const columns = right.length + 1;
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  // Three rolling rows instead of the whole table: the row before the previous one is all a
  // transposition looks back to. Int32Array keeps it allocation-light (this runs per candidate street).
  let beforePrevious = new Int32Array(columns);
  let previous = new Int32Array(columns);
  let current = new Int32Array(columns);
  for (let column = 0; column < columns; column += 1) previous[column] = column;
  for (let row = 1; row <= left.length; row += 1) {
    current[0] = row;
    const letter = left.charCodeAt(row - 1);
    for (let column = 1; column < columns; column += 1) {
      const cost = letter === right.charCodeAt(column - 1) ? 0 : 1;
      let best = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (
        row > 1 &&
        column > 1 &&
        letter === right.charCodeAt(column - 2) &&
        left.charCodeAt(row - 2) === right.charCodeAt(column - 1)
      ) {
        best = Math.min(best, beforePrevious[column - 2]! + 1);
      }
      current[column] = best;
    }
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return previous[columns - 1]!;
}

/** Character trigrams of a word padded with spaces, as PostgreSQL's pg_trgm takes them. */
export function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const result = new Set<string>();
  for (let index = 0; index + 3 <= padded.length; index += 1) result.add(padded.slice(index, index + 3));
  return result;
}

/** Trigram similarity (shared trigrams over all distinct trigrams), between 0 and 1. */
export function trigramSimilarity(left: string, right: string): number {
  const a = trigrams(left);
  const b = trigrams(right);
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** How many typos a word of this length may carry and still be recognised: 0 up to 4 letters, 1 up to 7, then 2. */
export function allowedTypos(length: number): number {
  return length <= 4 ? 0 : length <= 7 ? 1 : 2;
}
