import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq, sql } from "drizzle-orm";
import type { CategoryCode } from "../classification/categories.js";
import { readLabelledData } from "../classification/labelled-comments.js";
import {
  createNaiveBayesModel,
  learnFromCorrection,
  NaiveBayesModel,
  trainNaiveBayes,
} from "../classification/naive-bayes.js";
import { classifierModels } from "../schema.js";

/** The key of the city's model. */
export const CITY_MODEL_KEY = "city";

let starter: NaiveBayesModel | undefined;

/** The starter model's smoothing, chosen by five-fold cross-validation on the training pool (README). */
export const STARTER_SMOOTHING = 0.25;

/**
 * The model a city starts with: trained on the training parts of the package's labelled comments
 * (the frozen set's and the extra files'), never on a held-out part.
 */
export function starterModel(): NaiveBayesModel {
  starter ??= trainNaiveBayes(
    createNaiveBayesModel({ smoothing: STARTER_SMOOTHING }),
    readLabelledData((name) => readFileSync(dataFile(name), "utf8")).trainingPool,
  );
  return starter;
}

/** The package's `data/` folder, from `src/storage/` in tests and from the bundled `dist/`. */
function dataFile(name: string): string {
  for (const relative of ["../../data/", "../data/"]) {
    const path = fileURLToPath(new URL(`${relative}${name}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`@otklik/incidents: data/${name} not found`);
}

/** The stored model, or the starter model while no correction was made. */
export async function loadClassifierModel(db: Executor, key = CITY_MODEL_KEY): Promise<NaiveBayesModel> {
  const [row] = await db.drizzle.select().from(classifierModels).where(eq(classifierModels.key, key));
  return row ? NaiveBayesModel.parse(row.model) : starterModel();
}

/**
 * Teaches the stored model an operator's correction, in the caller's transaction. The row is locked
 * while it changes, so two corrections at once both count.
 */
export async function trainOnCorrection(
  tx: Executor,
  clock: Clock,
  text: string,
  category: CategoryCode,
  key = CITY_MODEL_KEY,
): Promise<void> {
  const [row] = await tx.drizzle
    .select()
    .from(classifierModels)
    .where(eq(classifierModels.key, key))
    .for("update");
  const current = row ? NaiveBayesModel.parse(row.model) : starterModel();
  const next = learnFromCorrection(current, text, category);
  await tx.drizzle
    .insert(classifierModels)
    .values({ key, model: next, corrections: 1, updatedAt: clock.now() })
    .onConflictDoUpdate({
      target: classifierModels.key,
      set: { model: next, corrections: sql`${classifierModels.corrections} + 1`, updatedAt: clock.now() },
    });
}
