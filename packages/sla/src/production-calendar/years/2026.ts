import type { OfficialYear } from "../official-year.js";

export const YEAR_2026: OfficialYear = {
  year: 2026,
  decree: "Постановление Правительства РФ от 24.09.2025 «О переносе выходных дней в 2026 году»",
  transfers: [
    ["01-03", "01-09"],
    ["01-04", "12-31"],
    ["03-08", "03-09"], // art. 112 part 2: Sunday holiday
    ["05-09", "05-11"], // art. 112 part 2: Saturday holiday
  ],
  shortened: ["04-30", "05-08", "06-11", "11-03"],
};
