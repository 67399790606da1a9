import { describe, expect, it } from "vitest";
import { type DuplicateCandidate, distanceMetres, findDuplicates } from "./find-duplicates.js";

const day = (n: number): Date => new Date(Date.UTC(2026, 2, n, 3));
const incident: DuplicateCandidate = {
  id: "inc_new",
  text: "Открытый люк на проезжей части Кирова 120, срочно закройте!",
  createdAt: day(10),
  authorKey: "vk:1",
  location: { lat: 53.7205, lon: 91.4421 },
  address: { street: "Кирова", house: "120" },
};

describe("findDuplicates", () => {
  it("finds the same author's repeated comment", () => {
    const repeat = {
      ...incident,
      id: "inc_old",
      createdAt: day(9),
      text: "открытый люк на проезжей части Кирова 120 срочно закройте",
    };
    expect(findDuplicates(incident, [repeat])).toMatchObject([
      { candidateId: "inc_old", reason: "same-author-same-text", score: 1 },
    ]);
  });

  it("finds another citizen's similar report at the same place", () => {
    const neighbour: DuplicateCandidate = {
      id: "inc_neighbour",
      text: "на Кирова 120 люк открытый на проезжей части, ночью влетит кто-нибудь",
      createdAt: day(9),
      authorKey: "vk:2",
      location: { lat: 53.7207, lon: 91.4424 },
    };
    const [suggestion] = findDuplicates(incident, [neighbour]);
    expect(suggestion?.reason).toBe("similar-text-nearby");
    expect(suggestion?.distanceMetres).toBeLessThan(50);
  });

  it("matches by street and house when there are no coordinates", () => {
    const sameHouse = {
      id: "inc_house",
      text: "люк открыт на проезжей части",
      createdAt: day(8),
      address: { street: "Кирова", house: "120" },
    };
    expect(findDuplicates({ ...incident, location: null }, [sameHouse])).toHaveLength(1);
  });

  it("ignores similar texts far away, different problems at one place, and old reports", () => {
    const far = {
      id: "far",
      text: incident.text,
      createdAt: day(9),
      authorKey: "vk:3",
      location: { lat: 53.75, lon: 91.4 },
    };
    const different = {
      id: "diff",
      text: "во дворе Кирова 120 не вывозят мусор",
      createdAt: day(9),
      location: incident.location,
    };
    const old = { id: "old", text: incident.text, createdAt: day(1), location: incident.location };
    expect(findDuplicates(incident, [far, different, old])).toEqual([]);
  });

  it("measures distances on the globe", () => {
    expect(distanceMetres({ lat: 53.72, lon: 91.44 }, { lat: 53.73, lon: 91.44 })).toBeCloseTo(1112, -1);
  });
});
