import { describe, expect, it } from "vitest";
import { STARTER_SMOOTHING, starterModel } from "../storage/classifier-store.js";
import { classifyByKeywords, classifyComment, containsRuleKeyword } from "./classify-comment.js";
import { readAllLabelledData } from "./dataset-files.js";
import { evaluateClassifier } from "./evaluation.js";
import { matchKeywords } from "./keyword-classifier.js";
import {
  createNaiveBayesModel,
  learnFromCorrection,
  NaiveBayesModel,
  predictNaiveBayes,
  trainNaiveBayes,
} from "./naive-bayes.js";
import { detectUrgency } from "./urgency-rules.js";

describe("keyword rules", () => {
  it("match inflected forms through their stems", () => {
    expect(matchKeywords("сплошные ямы и выбоины").category).toBe("roads");
    expect(matchKeywords("бродячих собак развелось").category).toBe("animals");
  });

  it("give no category when nothing matches or the top is tied", () => {
    expect(matchKeywords("когда будет салют на день города?").category).toBeNull();
    expect(matchKeywords("собака у школы").category).toBeNull();
    expect(classifyByKeywords("собака у школы")).toBe("other");
  });
});

describe("urgency rules", () => {
  it.each([
    ["в подъезде пахнет газом", "gas"],
    ["третий день нет горячей воды", "hot-water-outage"],
    ["батареи ледяные, дома холодно", "heating-outage"],
    ["оборвало провод, лежит на тротуаре", "fallen-wire"],
    ["открытый люк на проезжей части", "open-manhole"],
    ["весь дом без электричества", "power-outage"],
    ["собаки покусали ребенка", "animal-attack"],
    ["сосульки висят над входом", "falling-ice"],
  ])("«%s» is urgent: %s", (text, reason) => {
    expect(detectUrgency(text)).toContain(reason);
  });

  it("leave ordinary complaints alone", () => {
    expect(detectUrgency("фонари не горят на всей улице")).toEqual([]);
    expect(detectUrgency("когда покос травы во дворе?")).toEqual([]);
  });
});

describe("naive Bayes model", () => {
  const examples = [
    { text: "яма на дороге, колесо пробил", category: "roads" as const },
    { text: "асфальт разбит, ямы везде", category: "roads" as const },
    { text: "собаки бегают стаей", category: "animals" as const },
    { text: "бродячие псы у школы", category: "animals" as const },
  ];

  it("learns from examples and survives a JSON round trip unchanged", () => {
    const model = trainNaiveBayes(createNaiveBayesModel(), examples);
    const restored = NaiveBayesModel.parse(JSON.parse(JSON.stringify(model)));
    expect(predictNaiveBayes(restored, "опять яма")).toEqual(predictNaiveBayes(model, "опять яма"));
    expect(predictNaiveBayes(model, "опять яма")[0]?.category).toBe("roads");
  });

  it("learns an operator's correction without changing the model it was given", () => {
    const model = trainNaiveBayes(createNaiveBayesModel(), examples);
    const text = "кошки орут в подвале";
    const before = JSON.stringify(model);
    const corrected = learnFromCorrection(model, text, "animals");
    expect(JSON.stringify(model)).toBe(before);
    expect(predictNaiveBayes(corrected, "кошки в подвале")[0]?.category).toBe("animals");
  });

  it("gives probabilities that sum to one", () => {
    const model = trainNaiveBayes(createNaiveBayesModel(), examples);
    const total = predictNaiveBayes(model, "яма").reduce((sum, entry) => sum + entry.probability, 0);
    expect(total).toBeCloseTo(1, 10);
  });
});

describe("classifyComment", () => {
  it("proposes a category with a confidence and a runner-up, and marks urgency", () => {
    const proposal = classifyComment("Кирова 110 в подъезде пахнет газом", createNaiveBayesModel());
    expect(proposal.category).toBe("housing");
    expect(proposal.confidence).toBeGreaterThan(0.5);
    expect(proposal.runnerUp?.category).not.toBe("housing");
    expect(proposal.urgent).toBe(true);
    expect(proposal.urgencyReasons).toEqual(["gas"]);
  });
});

describe("measured on the frozen labelled set", () => {
  const { frozen, trainingPool } = readAllLabelledData();
  const heldOut = frozen.heldOut;
  const model = trainNaiveBayes(createNaiveBayesModel({ smoothing: STARTER_SMOOTHING }), trainingPool);
  const keywordOnly = evaluateClassifier(heldOut, classifyByKeywords);
  const learned = evaluateClassifier(
    heldOut,
    (text) => predictNaiveBayes(model, text)[0]?.category ?? "other",
  );
  const combined = evaluateClassifier(heldOut, (text) => classifyComment(text, model).category);

  it("has at least a third of held-out comments containing no rule keyword at all", () => {
    const withoutKeywords = heldOut.filter((comment) => !containsRuleKeyword(comment.text));
    expect(withoutKeywords.length * 3).toBeGreaterThanOrEqual(heldOut.length);
  });

  // The target: at least 85% top-1 on the held-out part, with the model trained on the
  // training pool only (the frozen train split and the clean-room files' training parts).
  it("reaches 85% top-1 accuracy on the frozen held-out part", () => {
    expect(combined.accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it("combining rules and model beats either alone", () => {
    expect(combined.correct).toBeGreaterThan(keywordOnly.correct);
    expect(combined.correct).toBeGreaterThan(learned.correct);
  });

  it("is the model a new city starts with", () => {
    expect(starterModel()).toEqual(model);
  });

  it("finds most urgent held-out comments", () => {
    const urgent = heldOut.filter((comment) => comment.urgent === true);
    const found = urgent.filter((comment) => detectUrgency(comment.text).length > 0);
    expect(found.length / urgent.length).toBeGreaterThanOrEqual(0.8);
  });
});
