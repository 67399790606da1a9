/** A non-working holiday of art. 112 of the Labour Code of the Russian Federation. */
export interface FixedHoliday {
  readonly month: number;
  readonly day: number;
  readonly name: string;
}

/** Art. 112 part 1: the non-working holidays of the Russian Federation. */
export const RUSSIAN_FIXED_HOLIDAYS: readonly FixedHoliday[] = Object.freeze([
  { month: 1, day: 1, name: "New Year holidays" },
  { month: 1, day: 2, name: "New Year holidays" },
  { month: 1, day: 3, name: "New Year holidays" },
  { month: 1, day: 4, name: "New Year holidays" },
  { month: 1, day: 5, name: "New Year holidays" },
  { month: 1, day: 6, name: "New Year holidays" },
  { month: 1, day: 7, name: "Christmas" },
  { month: 1, day: 8, name: "New Year holidays" },
  { month: 2, day: 23, name: "Defender of the Fatherland Day" },
  { month: 3, day: 8, name: "International Women's Day" },
  { month: 5, day: 1, name: "Spring and Labour Day" },
  { month: 5, day: 9, name: "Victory Day" },
  { month: 6, day: 12, name: "Russia Day" },
  { month: 11, day: 4, name: "Unity Day" },
]);

/** Whether a holiday belongs to the January 1–8 block, whose weekend days art. 112 does not move. */
export function isNewYearBlock(month: number, day: number): boolean {
  return month === 1 && day <= 8;
}
