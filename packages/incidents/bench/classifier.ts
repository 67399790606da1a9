/**
 * Measures the classifier on the frozen held-out split (and on the extra files' held-out part):
 * keyword rules alone, the learned model trained on the training pool only, and both combined,
 * with the combined confusion matrix, the cross-validated choice of settings and a learning curve.
 * Run: cd packages/incidents && pnpm exec tsx bench/classifier.ts
 */
import { CATEGORY_CODES } from "../src/classification/categories.js";
import {
  classifyByKeywords,
  classifyComment,
  containsRuleKeyword,
  KEYWORD_WEIGHT,
} from "../src/classification/classify-comment.js";
import { readAllLabelledData } from "../src/classification/dataset-files.js";
import { confusionMatrixMarkdown, evaluateClassifier } from "../src/classification/evaluation.js";
import type { LabelledComment } from "../src/classification/labelled-comments.js";
import {
  createNaiveBayesModel,
  predictNaiveBayes,
  trainNaiveBayes,
} from "../src/classification/naive-bayes.js";
import { detectUrgency } from "../src/classification/urgency-rules.js";
import { STARTER_SMOOTHING } from "../src/storage/classifier-store.js";

const { frozen, extra, trainingPool } = readAllLabelledData();
const heldOut = frozen.heldOut;
const model = trainNaiveBayes(createNaiveBayesModel({ smoothing: STARTER_SMOOTHING }), trainingPool);
const keywordOnly = evaluateClassifier(heldOut, classifyByKeywords);
const learnedOn = (subset: readonly LabelledComment[]) =>
  evaluateClassifier(subset, (text) => predictNaiveBayes(model, text)[0]?.category ?? "other");
const combinedOn = (subset: readonly LabelledComment[]) =>
  evaluateClassifier(subset, (text) => classifyComment(text, model).category);
const learned = learnedOn(heldOut);
const combined = combinedOn(heldOut);
const withoutKeywords = heldOut.filter((comment) => !containsRuleKeyword(comment.text));
const withKeywords = heldOut.filter((comment) => containsRuleKeyword(comment.text));
const frozenTrainOnly = trainNaiveBayes(
  createNaiveBayesModel({ smoothing: STARTER_SMOOTHING }),
  frozen.train,
);
const frozenOnlyCombined = evaluateClassifier(
  heldOut,
  (text) => classifyComment(text, frozenTrainOnly).category,
);

/** Five-fold cross-validation inside the training pool (the held-out parts are never looked at). */
function crossValidated(options: { smoothing: number; keywordWeight: number; share?: number }): number {
  let correct = 0;
  let total = 0;
  for (let fold = 0; fold < 5; fold += 1) {
    const rest = trainingPool.filter((_, index) => index % 5 !== fold);
    const test = trainingPool.filter((_, index) => index % 5 === fold);
    const foldModel = trainNaiveBayes(
      createNaiveBayesModel({ smoothing: options.smoothing }),
      rest.slice(0, Math.round(rest.length * (options.share ?? 1))),
    );
    const result = evaluateClassifier(
      test,
      (text) => classifyComment(text, foldModel, { keywordWeight: options.keywordWeight }).category,
    );
    correct += result.correct;
    total += result.total;
  }
  return correct / total;
}

const urgent = heldOut.filter((comment) => comment.urgent === true);
const flagged = heldOut.filter((comment) => detectUrgency(comment.text).length > 0);
const truePositives = flagged.filter((comment) => comment.urgent === true).length;

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const row = (label: string, result: { correct: number; total: number; accuracy: number }) =>
  `| ${label} | ${result.correct}/${result.total} | ${percent(result.accuracy)} |`;
const smoothings = [0.25, 0.5, 1];
const weights = [2, 3, 4, 5, 6];
const lines = [
  `Frozen set: ${frozen.comments.length} comments (${CATEGORY_CODES.length} categories); train ${frozen.train.length}, held-out ${heldOut.length}.`,
  `Extra clean-room files: ${extra.comments.length} comments; train ${extra.train.length}, held-out ${extra.heldOut.length}.`,
  `Training pool (frozen train + extra train): ${trainingPool.length}. Smoothing ${STARTER_SMOOTHING}, keyword weight ${KEYWORD_WEIGHT}.`,
  `Frozen held-out comments with no rule keyword: ${withoutKeywords.length} (${percent(withoutKeywords.length / heldOut.length)}).`,
  "",
  "| classifier (frozen held-out, top-1) | correct | accuracy |",
  "| --- | ---: | ---: |",
  row("keyword rules only", keywordOnly),
  row("learned model only (naive Bayes, training pool)", learned),
  row("**combined**", combined),
  row("combined, comments with a rule keyword", combinedOn(withKeywords)),
  row("combined, comments without any rule keyword", combinedOn(withoutKeywords)),
  row("combined, model trained on the frozen train split only", frozenOnlyCombined),
  "",
  "| classifier (extra files' held-out, top-1) | correct | accuracy |",
  "| --- | ---: | ---: |",
  row("keyword rules only", evaluateClassifier(extra.heldOut, classifyByKeywords)),
  row("learned model only", learnedOn(extra.heldOut)),
  row("combined", combinedOn(extra.heldOut)),
  "",
  `Urgency rules on frozen held-out: ${truePositives} of ${urgent.length} urgent comments found, ${flagged.length - truePositives} false alarms.`,
  "",
  "Settings by five-fold cross-validation inside the training pool (combined accuracy):",
  "",
  `| smoothing \\ keyword weight | ${weights.join(" | ")} |`,
  `| --- | ${weights.map(() => "---:").join(" | ")} |`,
  ...smoothings.map(
    (smoothing) =>
      `| ${smoothing} | ${weights.map((keywordWeight) => percent(crossValidated({ smoothing, keywordWeight }))).join(" | ")} |`,
  ),
  "",
  "Learning curve (combined, the same cross-validation with growing shares of each fold's training part):",
  "",
  "| training comments per fold | accuracy |",
  "| ---: | ---: |",
  ...[0.125, 0.25, 0.5, 0.75, 1].map(
    (share) =>
      `| ${Math.round(trainingPool.length * 0.8 * share)} | ${percent(crossValidated({ smoothing: STARTER_SMOOTHING, keywordWeight: KEYWORD_WEIGHT, share }))} |`,
  ),
  "",
  "Confusion matrix of the combined classifier on the frozen held-out (rows: labelled, columns: predicted):",
  "",
  confusionMatrixMarkdown(combined),
];
console.log(lines.join("\n"));
