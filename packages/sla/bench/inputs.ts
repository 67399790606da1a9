import { seededRandom } from "../src/differential/differential-cases.js";

const MINUTE = 60_000;

/** `count` seeded start instants on whole minutes, spread over 2021–2026. */
export function seededStarts(count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const first = Date.UTC(2021, 0, 1) / MINUTE;
  const last = Date.UTC(2026, 11, 20) / MINUTE;
  const starts = new Float64Array(count);
  for (let index = 0; index < count; index++)
    starts[index] = (first + Math.floor(random() * (last - first))) * MINUTE;
  return starts;
}

/**
 * moment-business-time's `workingDiff` miscounts when the later instant falls before a later
 * segment of its day (08:00–13:00 here: it adds back the time to the afternoon opening). So that the
 * peers are timed doing correct work, spans start (and so end) outside that window: 13:00–08:00
 * local time. Every library is timed on the same starts.
 */
export function startsOutsideMorning(starts: Float64Array, utcOffsetMinutes: number): Float64Array {
  return starts.filter((start) => {
    const minuteOfDay = (((start / MINUTE + utcOffsetMinutes) % 1440) + 1440) % 1440;
    return minuteOfDay < 8 * 60 || minuteOfDay >= 13 * 60;
  });
}
