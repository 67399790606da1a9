import { z } from "zod";
import { CATEGORY_CODES, CategoryCode } from "./categories.js";
import { topicFeatures } from "./features.js";

const CategoryCounts = z.object({
  /** Comments learned for this category (corrections included). */
  documents: z.number().nonnegative(),
  /** Sum of the feature counts below. */
  featureTotal: z.number().nonnegative(),
  features: z.record(z.string(), z.number().nonnegative()),
});

/**
 * A multinomial naive Bayes model over stem unigrams and adjacent stem pairs, each counted once per
 * comment (binarised, which suits short texts). Plain JSON: store it, load it, keep teaching it.
 */
export const NaiveBayesModel = z.object({
  kind: z.literal("multinomial-naive-bayes"),
  version: z.literal(1),
  /** Additive (Laplace/Lidstone) smoothing of feature counts. */
  smoothing: z.number().positive(),
  categories: z.record(CategoryCode, CategoryCounts),
  /** Every feature seen, with its total count; its size is the vocabulary size in the smoothing. */
  vocabulary: z.record(z.string(), z.number().nonnegative()),
});
export type NaiveBayesModel = z.infer<typeof NaiveBayesModel>;

/** A category with the model's probability for it. */
export interface CategoryProbability {
  category: CategoryCode;
  probability: number;
}

/** An empty model that knows every category of {@link CATEGORY_CODES} and no words yet. */
export function createNaiveBayesModel(options: { smoothing?: number } = {}): NaiveBayesModel {
  const categories = Object.fromEntries(
    CATEGORY_CODES.map((code) => [code, { documents: 0, featureTotal: 0, features: {} }]),
  ) as NaiveBayesModel["categories"];
  return {
    kind: "multinomial-naive-bayes",
    version: 1,
    smoothing: options.smoothing ?? 1,
    categories,
    vocabulary: {},
  };
}

/** The features a comment contributes: distinct topic stems and adjacent stem pairs. */
export function commentFeatures(text: string): string[] {
  return topicFeatures(text);
}

function addInPlace(model: NaiveBayesModel, text: string, category: CategoryCode, weight: number): void {
  const counts = model.categories[category] ?? { documents: 0, featureTotal: 0, features: {} };
  model.categories[category] = counts;
  counts.documents += weight;
  for (const feature of commentFeatures(text)) {
    counts.features[feature] = (counts.features[feature] ?? 0) + weight;
    counts.featureTotal += weight;
    model.vocabulary[feature] = (model.vocabulary[feature] ?? 0) + weight;
  }
}

function copyModel(model: NaiveBayesModel): NaiveBayesModel {
  return structuredClone(model);
}

/** Returns a new model that has also learned these labelled comments. The given model is not changed. */
export function trainNaiveBayes(
  model: NaiveBayesModel,
  examples: readonly { text: string; category: CategoryCode }[],
): NaiveBayesModel {
  const next = copyModel(model);
  for (const example of examples) addInPlace(next, example.text, example.category, 1);
  return next;
}

/**
 * Teaches the model an operator's decision: the comment belongs to `category`. Corrections count
 * `weight` times an ordinary training comment (default 2), because an operator's choice is checked
 * knowledge. Returns a new model; the given one is not changed.
 */
export function learnFromCorrection(
  model: NaiveBayesModel,
  text: string,
  category: CategoryCode,
  weight = 2,
): NaiveBayesModel {
  const next = copyModel(model);
  addInPlace(next, text, category, weight);
  return next;
}

/** Vocabulary sizes of models already seen: models are not changed in place once built. */
const vocabularySizes = new WeakMap<NaiveBayesModel, number>();

function vocabularySizeOf(model: NaiveBayesModel): number {
  let size = vocabularySizes.get(model);
  if (size === undefined) {
    size = Object.keys(model.vocabulary).length;
    vocabularySizes.set(model, size);
  }
  return size;
}

/**
 * Probabilities of every category for a text, highest first. Features the model has never seen are
 * ignored; a text with no known feature gets the categories' prior shares.
 */
export function predictNaiveBayes(model: NaiveBayesModel, text: string): CategoryProbability[] {
  const features = commentFeatures(text).filter((feature) => model.vocabulary[feature] !== undefined);
  const vocabularySize = vocabularySizeOf(model);
  const entries = Object.entries(model.categories) as [CategoryCode, z.infer<typeof CategoryCounts>][];
  const totalDocuments = entries.reduce((sum, [, counts]) => sum + counts.documents, 0);
  const logScores = entries.map(([category, counts]) => {
    let score = Math.log((counts.documents + 1) / (totalDocuments + entries.length));
    const denominator = Math.log(counts.featureTotal + model.smoothing * Math.max(vocabularySize, 1));
    for (const feature of features) {
      score += Math.log((counts.features[feature] ?? 0) + model.smoothing) - denominator;
    }
    return { category, score };
  });
  const highest = Math.max(...logScores.map((entry) => entry.score));
  const exponentials = logScores.map((entry) => ({
    category: entry.category,
    weight: Math.exp(entry.score - highest),
  }));
  const sum = exponentials.reduce((total, entry) => total + entry.weight, 0);
  return exponentials
    .map((entry) => ({ category: entry.category, probability: entry.weight / sum }))
    .sort((left, right) => right.probability - left.probability);
}
