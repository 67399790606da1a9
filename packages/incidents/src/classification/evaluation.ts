import { CATEGORY_CODES, type CategoryCode } from "./categories.js";

/** Accuracy and confusion matrix of a classifier on labelled examples. */
export interface ClassifierEvaluation {
  total: number;
  correct: number;
  /** Share of examples whose top category is the labelled one. */
  accuracy: number;
  /** `confusion[actual][predicted]` counts. */
  confusion: Record<CategoryCode, Record<CategoryCode, number>>;
}

/** Runs a classifier over labelled examples and counts what it got right and what it confused. */
export function evaluateClassifier(
  examples: readonly { text: string; category: CategoryCode }[],
  predict: (text: string) => CategoryCode,
): ClassifierEvaluation {
  const confusion = Object.fromEntries(
    CATEGORY_CODES.map((actual) => [
      actual,
      Object.fromEntries(CATEGORY_CODES.map((predicted) => [predicted, 0])),
    ]),
  ) as ClassifierEvaluation["confusion"];
  let correct = 0;
  for (const example of examples) {
    const predicted = predict(example.text);
    confusion[example.category][predicted] += 1;
    if (predicted === example.category) correct += 1;
  }
  return {
    total: examples.length,
    correct,
    accuracy: examples.length === 0 ? 0 : correct / examples.length,
    confusion,
  };
}

/** A Markdown table of a confusion matrix: rows are the labelled categories, columns the predicted ones. */
export function confusionMatrixMarkdown(evaluation: ClassifierEvaluation): string {
  const header = `| actual \\ predicted | ${CATEGORY_CODES.join(" | ")} |`;
  const rule = `| --- | ${CATEGORY_CODES.map(() => "---:").join(" | ")} |`;
  const rows = CATEGORY_CODES.map(
    (actual) =>
      `| ${actual} | ${CATEGORY_CODES.map((predicted) => {
        const count = evaluation.confusion[actual][predicted];
        return actual === predicted ? `**${count}**` : count === 0 ? "·" : String(count);
      }).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}
