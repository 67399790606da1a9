import { CalendarConfigurationError } from "../calendar/calendar-configuration-error.js";
import { MILLISECONDS_PER_DAY } from "./civil-date.js";

const HOUR = 3_600_000;
/** Real offsets lie within −12 h … +14 h; a wider margin is harmless. */
const OFFSET_MARGIN = 15 * HOUR;
/**
 * Offsets are sampled weekly and each change is narrowed to the second by bisection. Two transitions
 * that cancel out within one week would be missed; no zone in the tz database does that since 1970.
 */
const SAMPLE_STEP = 7 * MILLISECONDS_PER_DAY;
const DATE_PARTS = /(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)/;

const cache = new Map<string, TimeZoneOffsets>();

/**
 * UTC offsets of one IANA time zone, read from `Intl` once per range and kept as a sorted list of
 * transitions, so that converting between wall time and instants never calls `Intl` in the hot path.
 */
export class TimeZoneOffsets {
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private coveredFrom = Number.NaN;
  private coveredTo = Number.NaN;
  /** Instants at which a new offset starts, ascending. */
  private transitions: number[] = [];
  /** `offsets[k]` holds on `[transitions[k - 1], transitions[k])`; one more entry than transitions. */
  private offsets: number[] = [0];
  private lastSegment = 0;

  private constructor(timeZone: string, formatter: Intl.DateTimeFormat) {
    this.timeZone = timeZone;
    this.formatter = formatter;
  }

  /** The shared offsets of a zone; throws CalendarConfigurationError for an unknown zone. */
  static of(timeZone: string): TimeZoneOffsets {
    const cached = cache.get(timeZone);
    if (cached) return cached;
    let formatter: Intl.DateTimeFormat;
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new CalendarConfigurationError(
        `Unknown time zone "${timeZone}": expected an IANA name such as "Asia/Krasnoyarsk"`,
      );
    }
    const zone = new TimeZoneOffsets(timeZone, formatter);
    cache.set(timeZone, zone);
    return zone;
  }

  /** Makes sure offsets are known for every instant in `[from, to]`. */
  cover(from: number, to: number): void {
    if (from >= this.coveredFrom && to <= this.coveredTo) return;
    const start = Number.isNaN(this.coveredFrom) ? from : Math.min(from, this.coveredFrom);
    const end = Number.isNaN(this.coveredTo) ? to : Math.max(to, this.coveredTo);
    const transitions: number[] = [];
    const offsets: number[] = [];
    let previousInstant = start;
    let previousOffset = this.offsetFromIntl(start);
    offsets.push(previousOffset);
    for (let instant = start + SAMPLE_STEP; ; instant += SAMPLE_STEP) {
      const sample = Math.min(instant, end);
      const offset = this.offsetFromIntl(sample);
      if (offset !== previousOffset) {
        transitions.push(this.findTransition(previousInstant, sample, previousOffset));
        offsets.push(offset);
      }
      previousInstant = sample;
      previousOffset = offset;
      if (sample >= end) break;
    }
    this.transitions = transitions;
    this.offsets = offsets;
    this.lastSegment = 0;
    this.coveredFrom = start;
    this.coveredTo = end;
  }

  /** UTC offset in milliseconds at an instant (wall time = instant + offset). */
  offsetAt(instant: number): number {
    this.coverAround(instant);
    return this.offsets[this.segmentIndex(instant)]!;
  }

  /** The local date (day number) of an instant. */
  localDayNumber(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / MILLISECONDS_PER_DAY);
  }

  /**
   * Appends to `starts`/`ends` the instants whose wall time lies in `[wallStart, wallEnd)`, as
   * half-open instant intervals in ascending order. A wall interval inside a DST gap yields nothing;
   * one that spans an overlap yields both passes of the repeated hour.
   */
  wallRangeToInstants(wallStart: number, wallEnd: number, starts: number[], ends: number[]): void {
    const transitions = this.transitions;
    const last = transitions.length;
    const stopAt = wallEnd + OFFSET_MARGIN;
    for (let k = this.segmentIndex(wallStart - OFFSET_MARGIN); k <= last; k++) {
      const segmentStart = k === 0 ? Number.NEGATIVE_INFINITY : transitions[k - 1]!;
      if (segmentStart >= stopAt) break;
      const segmentEnd = k === last ? Number.POSITIVE_INFINITY : transitions[k]!;
      const offset = this.offsets[k]!;
      const start = Math.max(wallStart - offset, segmentStart);
      const end = Math.min(wallEnd - offset, segmentEnd);
      if (start < end) {
        starts.push(start);
        ends.push(end);
      }
    }
  }

  /**
   * The offset when every instant whose wall time lies in `[wallStart, wallEnd)` has the same one,
   * else undefined. Remembers the last segment, as callers walk forward day by day.
   */
  constantOffsetAround(wallStart: number, wallEnd: number): number | undefined {
    const from = wallStart - OFFSET_MARGIN;
    const to = wallEnd + OFFSET_MARGIN;
    const transitions = this.transitions;
    const last = transitions.length;
    let segment = this.lastSegment;
    if (
      segment > last ||
      (segment > 0 && from < transitions[segment - 1]!) ||
      (segment < last && from >= transitions[segment]!)
    ) {
      segment = this.segmentIndex(from);
      this.lastSegment = segment;
    }
    return segment === last || to <= transitions[segment]! ? this.offsets[segment] : undefined;
  }

  /** The earliest instant whose wall time is at or after `wall` (skips forward over a DST gap). */
  earliestInstantAtOrAfterWall(wall: number): number {
    this.coverAround(wall);
    const starts: number[] = [];
    const ends: number[] = [];
    this.wallRangeToInstants(wall, wall + 2 * MILLISECONDS_PER_DAY, starts, ends);
    return Math.min(...starts);
  }

  private coverAround(instant: number): void {
    if (instant - OFFSET_MARGIN >= this.coveredFrom && instant + OFFSET_MARGIN <= this.coveredTo) return;
    const year = new Date(instant).getUTCFullYear();
    this.cover(Date.UTC(year - 1, 0, 1), Date.UTC(year + 2, 0, 1));
  }

  private segmentIndex(instant: number): number {
    const transitions = this.transitions;
    let low = 0;
    let high = transitions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (transitions[middle]! <= instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private findTransition(before: number, after: number, offsetBefore: number): number {
    let low = Math.floor(before / 1000);
    let high = Math.ceil(after / 1000);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetFromIntl(middle * 1000) === offsetBefore) low = middle;
      else high = middle;
    }
    return high * 1000;
  }

  private offsetFromIntl(instant: number): number {
    const seconds = Math.floor(instant / 1000) * 1000;
    const match = DATE_PARTS.exec(this.formatter.format(seconds));
    if (!match)
      throw new Error(`Cannot read the wall time of ${new Date(seconds).toISOString()} in ${this.timeZone}`);
    const wall = Date.UTC(
      Number(match[3]),
      Number(match[1]) - 1,
      Number(match[2]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6]),
    );
    return wall - seconds;
  }
}
