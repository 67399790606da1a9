import { describe, expect, it } from "vitest";
import { groupFrequentQuestions } from "./group-topics.js";

const comments = [
  "когда включат отопление? в квартирах холодно",
  "отопление когда дадут, дома +15",
  "почему до сих пор не включили отопление",
  "отопление включите пожалуйста, дети мёрзнут",
  "собаки бегают стаей у школы",
  "стая собак у школы на Пушкина",
  "бродячие собаки напали у школы",
  "салют на день города будет?",
].map((text, index) => ({ id: `c${index + 1}`, text }));

describe("groupFrequentQuestions", () => {
  it("groups comments about one topic, largest first, with counts and examples", () => {
    const groups = groupFrequentQuestions(comments);
    expect(groups.map((group) => group.count)).toEqual([4, 3]);
    expect(groups[0]?.stems[0]).toBe("отоплен");
    expect(groups[0]?.itemIds).toEqual(["c1", "c2", "c3", "c4"]);
    expect(groups[1]?.stems).toContain("собак");
    expect(groups[0]?.examples).toHaveLength(3);
  });

  it("leaves one-off comments out", () => {
    const ids = groupFrequentQuestions(comments).flatMap((group) => group.itemIds);
    expect(ids).not.toContain("c8");
  });
});
