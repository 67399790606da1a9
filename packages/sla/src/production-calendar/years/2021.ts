import type { OfficialYear } from "../official-year.js";

export const YEAR_2021: OfficialYear = {
  year: 2021,
  decree: "Постановление Правительства РФ от 10.10.2020 № 1648 «О переносе выходных дней в 2021 году»",
  transfers: [
    ["01-02", "11-05"],
    ["01-03", "12-31"],
    ["02-20", "02-22"],
    ["05-01", "05-03"], // art. 112 part 2: Saturday holiday
    ["05-09", "05-10"], // art. 112 part 2: Sunday holiday
    ["06-12", "06-14"], // art. 112 part 2: Saturday holiday
  ],
  // 20 February is a working Saturday standing in for the pre-holiday Monday 22 February.
  shortened: ["02-20", "04-30", "06-11", "11-03"],
};
