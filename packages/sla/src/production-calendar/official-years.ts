import type { OfficialYear } from "./official-year.js";
import { YEAR_2021 } from "./years/2021.js";
import { YEAR_2022 } from "./years/2022.js";
import { YEAR_2023 } from "./years/2023.js";
import { YEAR_2024 } from "./years/2024.js";
import { YEAR_2025 } from "./years/2025.js";
import { YEAR_2026 } from "./years/2026.js";

/** Years transcribed from Government decrees, by year. Later years are provisional (art. 112 rules). */
export const OFFICIAL_YEARS: ReadonlyMap<number, OfficialYear> = new Map(
  [YEAR_2021, YEAR_2022, YEAR_2023, YEAR_2024, YEAR_2025, YEAR_2026].map((record) => [record.year, record]),
);
