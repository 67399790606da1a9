import type { OfficialYear } from "../official-year.js";

export const YEAR_2024: OfficialYear = {
  year: 2024,
  decree: "Постановление Правительства РФ от 10.08.2023 № 1314 «О переносе выходных дней в 2024 году»",
  transfers: [
    ["01-06", "05-10"],
    ["01-07", "12-31"],
    ["04-27", "04-29"],
    ["11-02", "04-30"],
    ["12-28", "12-30"],
  ],
  // 2 November is a working Saturday standing in for the pre-holiday Tuesday 30 April;
  // 27 April and 28 December are full working Saturdays.
  shortened: ["02-22", "03-07", "05-08", "06-11", "11-02"],
};
