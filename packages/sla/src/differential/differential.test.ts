import { beforeAll, describe, expect, it } from "vitest";
import { type DifferentialSubject, differentialSubjects, runDifferential } from "./differential-cases.js";

describe("differential test against a minute-by-minute oracle (2021–2027)", () => {
  let subjects: DifferentialSubject[] = [];
  beforeAll(() => {
    subjects = differentialSubjects();
  });

  it("has an oracle that sees holidays, shortened days and DST (so agreement means something)", () => {
    const [krasnoyarsk, berlin] = subjects;
    // Week of 2025-10-27: Mon–Fri full, Saturday 1 November shortened (7 h).
    expect(
      krasnoyarsk!.oracle.workingMinutesBetween(
        Date.parse("2025-10-26T17:00:00Z"),
        Date.parse("2025-11-02T17:00:00Z"),
      ),
    ).toBe(5 * 480 + 420);
    // Sunday 2024-03-31 in Berlin: 01:30–02:00 (02:00–02:30 does not exist) and 03:00–03:15.
    expect(
      berlin!.oracle.workingMinutesBetween(
        Date.parse("2024-03-30T23:00:00Z"),
        Date.parse("2024-03-31T02:00:00Z"),
      ),
    ).toBe(45);
  });

  it("agrees on 10,000 random cases in Asia/Krasnoyarsk and Europe/Berlin, spans up to 31 days", () => {
    const disagreements = runDifferential(subjects, 10_000, 20260508);
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(disagreements.length).toBe(0);
  });

  it("agrees around every DST change in Berlin, minute by minute", () => {
    const berlin = subjects.find((subject) => subject.name.startsWith("Europe/Berlin"))!;
    const changes = ["2021-03-28", "2021-10-31", "2024-03-31", "2024-10-27", "2027-03-28", "2027-10-31"];
    for (const date of changes) {
      const start = Date.parse(`${date}T00:00:00Z`) - 3 * 3_600_000;
      for (let minute = 0; minute < 6 * 60; minute += 5) {
        const from = start + minute * 60_000;
        const to = from + 2 * 86_400_000;
        expect(berlin.calendar.workingMinutesBetween(from, to), `${date} +${minute}`).toBe(
          berlin.oracle.workingMinutesBetween(from, to),
        );
        expect(berlin.calendar.addWorkingMinutes(from, 90).getTime()).toBe(
          berlin.oracle.addWorkingMinutes(from, 90),
        );
      }
    }
  });
});
