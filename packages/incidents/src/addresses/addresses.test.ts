import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataPath } from "../classification/dataset-files.js";
import { createAddressLookup, geocodeAddress, parseAddressRegisterCsv } from "./address-register.js";
import { damerauLevenshtein, trigramSimilarity } from "./fuzzy.js";
import { ParsedAddress, parseAddress } from "./parse-address.js";

describe("parseAddress", () => {
  it("reads the issue's three examples", () => {
    expect(parseAddress("ул. Щетинкина, 12")).toMatchObject({
      streetType: "street",
      street: "Щетинкина",
      house: "12",
    });
    expect(parseAddress("пр-т Ленина 70 корп 2")).toMatchObject({
      streetType: "avenue",
      street: "Ленина",
      house: "70",
      building: "2",
    });
    expect(parseAddress("в Согре на Молодёжной")).toMatchObject({ street: "Молодёжная", district: "Согра" });
  });

  it("finds an address inside a sentence and fixes typos against the register", () => {
    expect(parseAddress("вчера опять прорвало трубу у дома Чертыгашево 59, когда уже")).toMatchObject({
      street: "Чертыгашева",
      house: "59",
    });
  });

  it("keeps letters and fractions of house numbers", () => {
    expect(parseAddress("ул. Итыгина 12А")?.house).toBe("12а");
    expect(parseAddress("ул. Некрасова 23/1")?.house).toBe("23/1");
  });

  it("takes the street type from the register, not from the text", () => {
    expect(parseAddress("ул. Ленина 5")?.streetType).toBe("avenue");
  });

  it("keeps a street that is not in the register when a street type vouches for it", () => {
    expect(parseAddress("ул. Неизвестная 5")).toMatchObject({
      street: "Неизвестная",
      house: "5",
      inRegister: false,
    });
  });

  it("does not read ordinary words, years and phone numbers as addresses", () => {
    expect(parseAddress("гуляли на лесной поляне")).toBeNull();
    expect(parseAddress("в 2026 году обещали")).toBeNull();
    expect(parseAddress("читали стихи Пушкина")).toBeNull();
  });
});

describe("the address test set (data/addresses.jsonl, written before the parser)", () => {
  const cases = readFileSync(dataPath("addresses.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as { id: string; text: string; expected: Omit<ParsedAddress, "inRegister"> | null },
    );

  function exactMatch(text: string, expected: Omit<ParsedAddress, "inRegister"> | null): boolean {
    const parsed = parseAddress(text);
    if (parsed === null || expected === null) return parsed === expected;
    const { inRegister: _ignored, ...fields } = ParsedAddress.parse(parsed);
    const sorted = (value: object): string => JSON.stringify(Object.entries(value).sort());
    return sorted(fields) === sorted(expected);
  }

  it("is unchanged since it was written, before the parser", () => {
    const digest = createHash("sha256")
      .update(readFileSync(dataPath("addresses.jsonl")))
      .digest("hex");
    expect(digest).toBe("007feb479bebc90494292362361c58082050e549bfaca76ccb0a773502ebac3c");
  });

  it("has at least 100 strings", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it("parses at least 90% of them exactly", () => {
    const exact = cases.filter((entry) => exactMatch(entry.text, entry.expected)).length;
    expect(exact / cases.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe("fuzzy matching", () => {
  it("counts a transposition as one typo", () => {
    expect(damerauLevenshtein("киорва", "кирова")).toBe(1);
    expect(damerauLevenshtein("щетинкно", "щетинкина")).toBe(2);
    expect(damerauLevenshtein("", "ленина")).toBe(6);
    expect(damerauLevenshtein("ленина", "")).toBe(6);
    expect(damerauLevenshtein("ca", "abc")).toBe(3);
  });

  it("agrees with the textbook full-table algorithm on 20,000 random pairs", () => {
    const textbook = (left: string, right: string): number => {
      const table = Array.from({ length: left.length + 1 }, (_, row) =>
        Array.from({ length: right.length + 1 }, (_, column) =>
          row === 0 ? column : column === 0 ? row : 0,
        ),
      );
      for (let row = 1; row <= left.length; row++) {
        for (let column = 1; column <= right.length; column++) {
          const cost = left[row - 1] === right[column - 1] ? 0 : 1;
          let best = Math.min(
            table[row - 1]![column]! + 1,
            table[row]![column - 1]! + 1,
            table[row - 1]![column - 1]! + cost,
          );
          if (
            row > 1 &&
            column > 1 &&
            left[row - 1] === right[column - 2] &&
            left[row - 2] === right[column - 1]
          ) {
            best = Math.min(best, table[row - 2]![column - 2]! + 1);
          }
          table[row]![column] = best;
        }
      }
      return table[left.length]![right.length]!;
    };
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const word = () =>
      Array.from({ length: Math.floor(next() * 9) }, () => "абвг"[Math.floor(next() * 4)]).join("");
    for (let index = 0; index < 20_000; index++) {
      const [left, right] = [word(), word()];
      expect(damerauLevenshtein(left, right), `${left} / ${right}`).toBe(textbook(left, right));
    }
  });

  it("scores trigram similarity between 0 and 1", () => {
    expect(trigramSimilarity("щетинкина", "щетинкина")).toBe(1);
    expect(trigramSimilarity("щетинкина", "ленина")).toBeLessThan(0.3);
  });
});

describe("address register and geocoding", () => {
  const csv = [
    "street;house;lat;lon",
    "ул. Щетинкина;12;53,7209;91,4424",
    '"Т.Шевченко";80;53.7101;91.4302',
    "Кирова;;53.7;91.4",
    "Вяткина;14;abc;91.4",
  ].join("\n");

  it("reads semicolon CSV with decimal commas and rejects bad lines with reasons", () => {
    const result = parseAddressRegisterCsv(csv);
    expect(result.points).toHaveLength(2);
    expect(result.rejected.map((entry) => entry.line)).toEqual([4, 5]);
  });

  it("geocodes only addresses that are in the register, however the CSV spelt the street", () => {
    const lookup = createAddressLookup(parseAddressRegisterCsv(csv).points);
    expect(geocodeAddress(parseAddress("Щетинкина 12 яма"), lookup)).toEqual({ lat: 53.7209, lon: 91.4424 });
    expect(geocodeAddress(parseAddress("ул. Тараса Шевченко, 80"), lookup)).toEqual({
      lat: 53.7101,
      lon: 91.4302,
    });
    expect(geocodeAddress(parseAddress("Щетинкина 13"), lookup)).toBeNull();
    expect(geocodeAddress(parseAddress("в Согре"), lookup)).toBeNull();
  });
});
