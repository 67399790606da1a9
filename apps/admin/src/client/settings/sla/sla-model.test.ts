import { describe, expect, it } from "vitest";
import { dateLabel, monthWeeks, parseDraft, shiftMonth, wallClockLabel } from "./sla-model.js";

describe("the SLA settings screens' arithmetic", () => {
  it("lays a month out in weeks from Monday", () => {
    // July 2026 starts on a Wednesday and ends on a Friday.
    const weeks = monthWeeks(2026, 7);
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      null,
      null,
      "2026-07-01",
      "2026-07-02",
      "2026-07-03",
      "2026-07-04",
      "2026-07-05",
    ]);
    expect(weeks[4]).toEqual([
      "2026-07-27",
      "2026-07-28",
      "2026-07-29",
      "2026-07-30",
      "2026-07-31",
      null,
      null,
    ]);
    // February 2027 starts on a Monday: four full weeks.
    expect(monthWeeks(2027, 2)).toHaveLength(4);
  });

  it("moves between months across years", () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
  });

  it("reads the draft, or says where the JSON breaks", () => {
    expect(parseDraft('{"name":"x"}')).toEqual({ policy: { name: "x" } });
    expect(parseDraft('{"name":')).toHaveProperty("error");
  });

  it("labels dates and wall-clock times the Russian way", () => {
    expect(wallClockLabel("2026-07-06 11:00")).toBe("06.07.2026 11:00");
    expect(dateLabel("2026-07-03")).toBe("03.07.2026");
  });
});
