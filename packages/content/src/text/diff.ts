/** One piece of a diff: kept, added or removed. */
export interface DiffPart {
  kind: "equal" | "added" | "removed";
  text: string;
}

/**
 * The longest-common-subsequence diff of two token lists. Quadratic, which is fine for the
 * size of a publication (a few thousand lines); common prefix and suffix are skipped first.
 */
function diffTokens(
  before: readonly string[],
  after: readonly string[],
): { kind: DiffPart["kind"]; token: string }[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const middle: { kind: DiffPart["kind"]; token: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      middle.push({ kind: "equal", token: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      middle.push({ kind: "removed", token: a[i++]! });
    } else {
      middle.push({ kind: "added", token: b[j++]! });
    }
  }
  while (i < a.length) middle.push({ kind: "removed", token: a[i++]! });
  while (j < b.length) middle.push({ kind: "added", token: b[j++]! });
  return [
    ...before.slice(0, start).map((token) => ({ kind: "equal" as const, token })),
    ...middle,
    ...before.slice(endBefore).map((token) => ({ kind: "equal" as const, token })),
  ];
}

function merge(tokens: { kind: DiffPart["kind"]; token: string }[], separator: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const { kind, token } of tokens) {
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += separator + token;
    else parts.push({ kind, text: token });
  }
  return parts;
}

/** A line-by-line diff: each part is one or more whole lines joined by "\n". */
export function diffLines(before: string, after: string): DiffPart[] {
  return merge(diffTokens(before.split("\n"), after.split("\n")), "\n");
}

/** A word-by-word diff of two short texts (white space kept with the words). */
export function diffWords(before: string, after: string): DiffPart[] {
  const split = (text: string) => text.match(/\s+|[^\s]+/g) ?? [];
  return merge(diffTokens(split(before), split(after)), "");
}

/** The usual unified notation: "  " kept, "+ " added, "- " removed, one line each. */
export function formatDiff(parts: readonly DiffPart[]): string {
  const marks = { equal: "  ", added: "+ ", removed: "- " } as const;
  return parts
    .flatMap((part) => part.text.split("\n").map((line) => `${marks[part.kind]}${line}`))
    .join("\n");
}
