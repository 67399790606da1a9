import type { CategoryCode } from "./categories.js";
import { type KeywordMatch, matchKeywords } from "./keyword-classifier.js";
import { type NaiveBayesModel, predictNaiveBayes } from "./naive-bayes.js";
import { detectUrgency, type UrgencyReason } from "./urgency-rules.js";

/**
 * Each keyword hit adds this much to a category's log-probability from the learned model (e^5 ≈ 148
 * times the odds). Chosen by five-fold cross-validation inside the training pool only (see README).
 */
export const KEYWORD_WEIGHT = 5;

/** A category with the classifier's confidence in it, between 0 and 1. */
export interface ScoredCategory {
  category: CategoryCode;
  confidence: number;
}

/** What the classifier proposes for a comment; the operator confirms or changes it. */
export interface CategoryProposal extends ScoredCategory {
  /** The second most likely category, so the operator sees the alternative. */
  runnerUp: ScoredCategory | null;
  /** The rule keywords found in the text. */
  keywords: KeywordMatch["keywords"];
  /** Whether the urgency rules fire; see `reasons`. */
  urgent: boolean;
  urgencyReasons: UrgencyReason[];
}

/**
 * Proposes a category for a comment by combining the learned model's probabilities with the keyword
 * rules (each hit adds {@link KEYWORD_WEIGHT} to the category's log-probability), and says whether it
 * is urgent. Works with an untrained model too: then the keywords decide.
 */
export function classifyComment(
  text: string,
  model: NaiveBayesModel,
  options: { keywordWeight?: number } = {},
): CategoryProposal {
  const weight = options.keywordWeight ?? KEYWORD_WEIGHT;
  const keywordMatch = matchKeywords(text);
  const scores = predictNaiveBayes(model, text).map(({ category, probability }) => ({
    category,
    score: Math.log(probability) + weight * keywordMatch.hits[category],
  }));
  const highest = Math.max(...scores.map((entry) => entry.score));
  const weights = scores.map((entry) => ({
    category: entry.category,
    weight: Math.exp(entry.score - highest),
  }));
  const sum = weights.reduce((total, entry) => total + entry.weight, 0);
  const ranked = weights
    .map((entry) => ({ category: entry.category, confidence: entry.weight / sum }))
    .sort((left, right) => right.confidence - left.confidence);
  const [top, second] = ranked;
  const urgencyReasons = detectUrgency(text);
  return {
    category: top?.category ?? "other",
    confidence: top?.confidence ?? 0,
    runnerUp: second ?? null,
    keywords: keywordMatch.keywords,
    urgent: urgencyReasons.length > 0,
    urgencyReasons,
  };
}

/** The keyword rules alone: the category with most hits, or «other» when none or tied. */
export function classifyByKeywords(text: string): CategoryCode {
  return matchKeywords(text).category ?? "other";
}

/** Whether any rule — a category keyword or an urgency phrase — occurs in the text. */
export function containsRuleKeyword(text: string): boolean {
  return matchKeywords(text).keywords.length > 0 || detectUrgency(text).length > 0;
}
