/**
 * Measures the classifier on the frozen held-out split: keyword rules alone, the learned model
 * trained on the train split only, and both combined, with the combined confusion matrix.
 * Run: cd packages/incidents && pnpm exec tsx bench/classifier.ts
 */
import { CATEGORY_CODES } from "../src/classification/categories.js";
import {
  classifyByKeywords,
  classifyComment,
  containsRuleKeyword,
} from "../src/classification/classify-comment.js";
import { readLabelledDataset } from "../src/classification/dataset-files.js";
import { confusionMatrixMarkdown, evaluateClassifier } from "../src/classification/evaluation.js";
import {
  createNaiveBayesModel,
  predictNaiveBayes,
  trainNaiveBayes,
} from "../src/classification/naive-bayes.js";
import { detectUrgency } from "../src/classification/urgency-rules.js";

const { comments, train, heldOut } = readLabelledDataset();
const model = trainNaiveBayes(createNaiveBayesModel(), train);
const keywordOnly = evaluateClassifier(heldOut, classifyByKeywords);
const learned = evaluateClassifier(heldOut, (text) => predictNaiveBayes(model, text)[0]?.category ?? "other");
const combined = evaluateClassifier(heldOut, (text) => classifyComment(text, model).category);
const withoutKeywords = heldOut.filter((comment) => !containsRuleKeyword(comment.text));
const withKeywords = heldOut.filter((comment) => containsRuleKeyword(comment.text));
const combinedOn = (subset: typeof heldOut) =>
  evaluateClassifier(subset, (text) => classifyComment(text, model).category);

// Learning curve: five-fold cross-validation on the train split with growing shares of each fold's training part.
function crossValidated(share: number): number {
  let correct = 0;
  let total = 0;
  for (let fold = 0; fold < 5; fold += 1) {
    const rest = train.filter((_, index) => index % 5 !== fold);
    const test = train.filter((_, index) => index % 5 === fold);
    const foldModel = trainNaiveBayes(
      createNaiveBayesModel(),
      rest.slice(0, Math.round(rest.length * share)),
    );
    const result = evaluateClassifier(test, (text) => classifyComment(text, foldModel).category);
    correct += result.correct;
    total += result.total;
  }
  return correct / total;
}

const urgent = heldOut.filter((comment) => comment.urgent === true);
const flagged = heldOut.filter((comment) => detectUrgency(comment.text).length > 0);
const truePositives = flagged.filter((comment) => comment.urgent === true).length;

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const lines = [
  `Labelled comments: ${comments.length} (${CATEGORY_CODES.length} categories); train ${train.length}, held-out ${heldOut.length}.`,
  `Held-out comments with no rule keyword: ${withoutKeywords.length} (${percent(withoutKeywords.length / heldOut.length)}).`,
  "",
  "| classifier (held-out, top-1) | correct | accuracy |",
  "| --- | ---: | ---: |",
  `| keyword rules only | ${keywordOnly.correct}/${keywordOnly.total} | ${percent(keywordOnly.accuracy)} |`,
  `| learned model only (naive Bayes, train split) | ${learned.correct}/${learned.total} | ${percent(learned.accuracy)} |`,
  `| combined | ${combined.correct}/${combined.total} | ${percent(combined.accuracy)} |`,
  `| combined, comments with a rule keyword | ${combinedOn(withKeywords).correct}/${withKeywords.length} | ${percent(combinedOn(withKeywords).accuracy)} |`,
  `| combined, comments without any rule keyword | ${combinedOn(withoutKeywords).correct}/${withoutKeywords.length} | ${percent(combinedOn(withoutKeywords).accuracy)} |`,
  "",
  `Urgency rules on held-out: ${truePositives} of ${urgent.length} urgent comments found, ${flagged.length - truePositives} false alarms.`,
  "",
  "Learning curve (combined, five-fold cross-validation inside the train split):",
  "",
  "| training comments per fold | accuracy |",
  "| ---: | ---: |",
  ...[0.25, 0.5, 0.75, 1].map(
    (share) => `| ${Math.round(train.length * 0.8 * share)} | ${percent(crossValidated(share))} |`,
  ),
  "",
  "Confusion matrix of the combined classifier on held-out (rows: labelled, columns: predicted):",
  "",
  confusionMatrixMarkdown(combined),
];
console.log(lines.join("\n"));
