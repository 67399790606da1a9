import { dayNumberFromParts, MILLISECONDS_PER_DAY, MILLISECONDS_PER_MINUTE } from "../time/civil-date.js";
import type { TimeZoneOffsets } from "../time/time-zone.js";
import type { DayMinutes } from "./weekly-hours.js";

/**
 * All working time of a range of years as sorted, disjoint instant intervals with prefix sums of
 * working milliseconds, so that every query is a binary search: O(log n), independent of how much
 * working time it spans (the approach of Ruby's `biz`).
 */
export class WorkingTimeTable {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Instants covered: local dates from January 1 of firstYear to December 31 of lastYear. */
  readonly coverageStart: number;
  readonly coverageEnd: number;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** `prefix[i]` = working milliseconds before interval i; `prefix[count]` = total. */
  private readonly prefix: Float64Array;
  private readonly count: number;
  /** Day numbers of days with working time, ascending, and the instant each one closes. */
  private readonly workingDays: Int32Array;
  private readonly workingDayCloses: Float64Array;

  constructor(
    zone: TimeZoneOffsets,
    firstYear: number,
    lastYear: number,
    scheduleOf: (dayNumber: number) => DayMinutes,
  ) {
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    const firstDay = dayNumberFromParts(firstYear, 1, 1);
    const endDay = dayNumberFromParts(lastYear + 1, 1, 1);
    zone.cover(Date.UTC(firstYear - 1, 11, 1), Date.UTC(lastYear + 1, 1, 1));
    this.coverageStart = zone.earliestInstantAtOrAfterWall(firstDay * MILLISECONDS_PER_DAY);
    this.coverageEnd = zone.earliestInstantAtOrAfterWall(endDay * MILLISECONDS_PER_DAY);

    const starts: number[] = [];
    const ends: number[] = [];
    const workingDays: number[] = [];
    const workingDayCloses: number[] = [];
    let sorted = true;
    for (let day = firstDay; day < endDay; day++) {
      const schedule = scheduleOf(day);
      if (schedule.length === 0) continue;
      const before = starts.length;
      const dayWall = day * MILLISECONDS_PER_DAY;
      // Most days lie wholly within one offset; convert those without searching the transitions.
      const offset = zone.constantOffsetAround(dayWall, dayWall + MILLISECONDS_PER_DAY);
      for (let index = 0; index < schedule.length; index += 2) {
        const wallStart = dayWall + schedule[index]! * MILLISECONDS_PER_MINUTE;
        const wallEnd = dayWall + schedule[index + 1]! * MILLISECONDS_PER_MINUTE;
        if (offset === undefined) zone.wallRangeToInstants(wallStart, wallEnd, starts, ends);
        else {
          starts.push(wallStart - offset);
          ends.push(wallEnd - offset);
        }
      }
      if (starts.length === before) continue; // all of the day's hours fell into a DST gap
      let close = Number.NEGATIVE_INFINITY;
      for (let index = before; index < starts.length; index++) {
        if (ends[index]! > close) close = ends[index]!;
        if (index > 0 && starts[index]! < starts[index - 1]!) sorted = false;
      }
      workingDays.push(day);
      workingDayCloses.push(close);
    }
    if (!sorted) sortIntervals(starts, ends);

    // Merge touching intervals (a day ending at 24:00 and the next one starting at 00:00).
    const mergedStarts = new Float64Array(starts.length);
    const mergedEnds = new Float64Array(starts.length);
    let count = 0;
    for (let index = 0; index < starts.length; index++) {
      const start = starts[index]!;
      const end = ends[index]!;
      if (count > 0 && start <= mergedEnds[count - 1]!) {
        if (end > mergedEnds[count - 1]!) mergedEnds[count - 1] = end;
      } else {
        mergedStarts[count] = start;
        mergedEnds[count] = end;
        count++;
      }
    }
    this.count = count;
    this.starts = mergedStarts.subarray(0, count);
    this.ends = mergedEnds.subarray(0, count);
    const prefix = new Float64Array(count + 1);
    for (let index = 0; index < count; index++) {
      prefix[index + 1] = prefix[index]! + (mergedEnds[index]! - mergedStarts[index]!);
    }
    this.prefix = prefix;
    this.workingDays = Int32Array.from(workingDays);
    this.workingDayCloses = Float64Array.from(workingDayCloses);
  }

  covers(instant: number): boolean {
    return instant >= this.coverageStart && instant < this.coverageEnd;
  }

  /** Working milliseconds from the start of coverage to `instant`. */
  workingBefore(instant: number): number {
    const index = this.lastStartAtOrBefore(instant);
    if (index < 0) return 0;
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    return this.prefix[index]! + (instant < end ? instant - start : end - start);
  }

  isWorking(instant: number): boolean {
    const index = this.lastStartAtOrBefore(instant);
    return index >= 0 && instant < this.ends[index]!;
  }

  /** The instant itself when working, else the next opening; NaN when none lies in the table. */
  nextWorking(instant: number): number {
    const index = this.lastStartAtOrBefore(instant);
    if (index >= 0 && instant < this.ends[index]!) return instant;
    return index + 1 < this.count ? this.starts[index + 1]! : Number.NaN;
  }

  /**
   * The earliest instant by which `amount` working milliseconds have passed since `instant`
   * (a deadline landing on a closing time is that closing time). NaN when beyond the table.
   */
  addForward(instant: number, amount: number): number {
    const target = this.workingBefore(instant) + amount;
    const prefix = this.prefix;
    if (target > prefix[this.count]!) return Number.NaN;
    // Smallest k >= 1 with prefix[k] >= target; the deadline lies in interval k - 1.
    let low = 1;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (prefix[middle]! >= target) high = middle;
      else low = middle + 1;
    }
    const interval = low - 1;
    return this.starts[interval]! + (target - prefix[interval]!);
  }

  /** The latest instant from which `amount` working milliseconds lead to `instant`. NaN when beyond. */
  addBackward(instant: number, amount: number): number {
    const target = this.workingBefore(instant) - amount;
    if (target < 0) return Number.NaN;
    const prefix = this.prefix;
    // Largest j in [0, count - 1] with prefix[j] <= target.
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (prefix[middle]! <= target) low = middle;
      else high = middle - 1;
    }
    return this.starts[low]! + (target - prefix[low]!);
  }

  /**
   * The closing instant of the `days`-th working day after local day `dayNumber`
   * (`days` >= 1). NaN when beyond the table.
   */
  closeOfWorkingDayAfter(dayNumber: number, days: number): number {
    const workingDays = this.workingDays;
    let low = 0;
    let high = workingDays.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (workingDays[middle]! <= dayNumber) low = middle + 1;
      else high = middle;
    }
    const index = low + days - 1;
    return index < workingDays.length ? this.workingDayCloses[index]! : Number.NaN;
  }

  /** Total working milliseconds in the table. */
  get totalWorking(): number {
    return this.prefix[this.count]!;
  }

  private lastStartAtOrBefore(instant: number): number {
    const starts = this.starts;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (starts[middle]! <= instant) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}

function sortIntervals(starts: number[], ends: number[]): void {
  const order = starts.map((_, index) => index).sort((left, right) => starts[left]! - starts[right]!);
  const sortedStarts = order.map((index) => starts[index]!);
  const sortedEnds = order.map((index) => ends[index]!);
  for (let index = 0; index < order.length; index++) {
    starts[index] = sortedStarts[index]!;
    ends[index] = sortedEnds[index]!;
  }
}
