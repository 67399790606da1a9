import type { OfficialYear } from "../official-year.js";

export const YEAR_2023: OfficialYear = {
  year: 2023,
  decree: "Постановление Правительства РФ от 29.08.2022 № 1564 «О переносе выходных дней в 2023 году»",
  transfers: [
    ["01-01", "02-24"],
    ["01-08", "05-08"],
    ["11-04", "11-06"], // art. 112 part 2: Saturday holiday
  ],
  shortened: ["02-22", "03-07", "11-03"],
};
