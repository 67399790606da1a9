import { findPattern } from "../text/stem-patterns.js";
import { stems } from "../text/tokenize.js";
import { CATEGORY_CODES, type CategoryCode } from "./categories.js";
import { CATEGORY_KEYWORDS, type CompiledKeyword, compileKeywords } from "./keyword-rules.js";

/** What the keyword rules found in a text. */
export interface KeywordMatch {
  /** Hits per category: how many distinct keywords of that category occur. */
  hits: Record<CategoryCode, number>;
  /** The keywords found, as written in the rules. */
  keywords: { category: CategoryCode; keyword: string }[];
  /** The category with most hits, or null when no keyword occurs or the top is tied. */
  category: CategoryCode | null;
}

const DEFAULT_KEYWORDS = compileKeywords(CATEGORY_KEYWORDS);

/** Counts keyword hits per category in a text; pass compiled keywords to use another table. */
export function matchKeywords(
  text: string,
  keywords: readonly CompiledKeyword[] = DEFAULT_KEYWORDS,
): KeywordMatch {
  const stemSequence = stems(text);
  const hits = Object.fromEntries(CATEGORY_CODES.map((code) => [code, 0])) as Record<CategoryCode, number>;
  const found: KeywordMatch["keywords"] = [];
  for (const keyword of keywords) {
    if (findPattern(stemSequence, keyword.pattern) < 0) continue;
    hits[keyword.category] += 1;
    found.push({ category: keyword.category, keyword: keyword.keyword });
  }
  const ranked = [...CATEGORY_CODES].sort((left, right) => hits[right] - hits[left]);
  const [top, second] = ranked;
  const category =
    top !== undefined && hits[top] > 0 && (second === undefined || hits[second] < hits[top]) ? top : null;
  return { hits, keywords: found, category };
}
