import type { OfficialYear } from "../official-year.js";

export const YEAR_2025: OfficialYear = {
  year: 2025,
  decree: "Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»",
  transfers: [
    ["01-04", "05-02"],
    ["01-05", "12-31"],
    ["02-23", "05-08"],
    ["03-08", "06-13"],
    ["11-01", "11-03"],
  ],
  // 1 November is a working Saturday standing in for the pre-holiday Monday 3 November.
  // 7 May is not shortened: 8 May is a transferred rest day, not a holiday.
  shortened: ["03-07", "04-30", "06-11", "11-01"],
};
