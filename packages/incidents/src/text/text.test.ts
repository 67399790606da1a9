import { describe, expect, it } from "vitest";
import { foldYo, normalizeText } from "./normalize.js";
import { stemFeatures, stems, tokenize } from "./tokenize.js";

describe("normalizeText", () => {
  it("lowercases, folds ё and keeps the original as written", () => {
    const text = "Ещё ОДНА Ёлка  на Молодёжной";
    const result = normalizeText(text);
    expect(result.original).toBe(text);
    expect(result.normalized).toBe("еще одна елка на молодежной");
  });

  it("removes links and emoji but reports the links", () => {
    const result = normalizeText("смотрите https://vk.com/wall-1_2 😡😡 когда уже 👍🏻");
    expect(result.normalized).toBe("смотрите когда уже");
    expect(result.links).toEqual(["https://vk.com/wall-1_2"]);
  });

  it("folds capital Ё too", () => {
    expect(foldYo("Ёж и ёж")).toBe("Еж и еж");
  });
});

describe("tokenize and stems", () => {
  it("splits on punctuation and keeps hyphenated words", () => {
    expect(tokenize("пр-т Ленина,70!!! вот-вот")).toEqual(["пр-т", "ленина", "70", "вот-вот"]);
  });

  it("reduces inflected forms to one stem", () => {
    expect(stems("ямы")).toEqual(stems("яма"));
    expect(stems("собаки покусали")).toEqual(stems("собак покусал"));
  });

  it("drops bare numbers and single letters", () => {
    expect(stems("дом 12 в а")).toEqual(["дом"]);
  });

  it("adds adjacent pairs as features", () => {
    expect(stemFeatures(["горяч", "вод"])).toEqual(["горяч", "вод", "горяч_вод"]);
  });
});
