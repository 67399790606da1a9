import type { OfficialYear } from "../official-year.js";

export const YEAR_2022: OfficialYear = {
  year: 2022,
  decree: "Постановление Правительства РФ от 29.09.2021 № 1466 «О переносе выходных дней в 2022 году»",
  transfers: [
    ["01-01", "05-03"],
    ["01-02", "05-10"],
    ["03-05", "03-07"],
    ["05-01", "05-02"], // art. 112 part 2: Sunday holiday
    ["06-12", "06-13"], // art. 112 part 2: Sunday holiday
  ],
  // 5 March is a working Saturday standing in for the pre-holiday Monday 7 March.
  shortened: ["02-22", "03-05", "11-03"],
};
