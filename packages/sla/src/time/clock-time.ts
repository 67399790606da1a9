/** A wall-clock time of day, `HH:MM`, from `00:00` to `24:00` inclusive. */
export type ClockTime = string;

/** A half-open interval of wall-clock time within one day: `["08:00", "12:00"]`. */
export type ClockInterval = readonly [start: ClockTime, end: ClockTime];

const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

/** Minutes since midnight, or undefined when the text is not `HH:MM` between 00:00 and 24:00. */
export function tryParseClockTime(text: string): number | undefined {
  const match = CLOCK_TIME.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

export function formatClockTime(minutes: number): ClockTime {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${String(hours).padStart(2, "0")}:${String(rest).padStart(2, "0")}`;
}
