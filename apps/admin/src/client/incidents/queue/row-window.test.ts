import { describe, expect, it } from "vitest";
import { rowWindow } from "./row-window.js";

describe("rowWindow", () => {
  it("gives the rows in view and a few beyond, clamped to the list", () => {
    // A view of 600 px at the top of 10,000 rows of 44 px: rows 0–13 are in view (13 × 44 = 572 < 600).
    expect(rowWindow(0, 600, 10_000, 44, 4)).toEqual({ first: 0, last: 17 });
    // Scrolled to row 9,000 (396,000 px): rows 9,000–9,013 in view, 4 beyond on each side.
    expect(rowWindow(396_000, 600, 10_000, 44, 4)).toEqual({ first: 8996, last: 9017 });
    // Half a row scrolled: the half-shown rows at both ends are in view.
    expect(rowWindow(22, 44, 100, 44, 0)).toEqual({ first: 0, last: 1 });
    // At the end of the list.
    expect(rowWindow(439_400, 600, 10_000, 44, 4)).toEqual({ first: 9982, last: 9999 });
  });

  it("shows nothing of an empty list, and at least the first row before the view is measured", () => {
    expect(rowWindow(0, 600, 0, 44, 4)).toEqual({ first: 0, last: -1 });
    expect(rowWindow(0, 0, 50, 44, 4)).toEqual({ first: 0, last: 3 });
    // A view scrolled past a list that has since grown shorter (a filter): its last rows.
    expect(rowWindow(50_000, 600, 10, 44, 4)).toEqual({ first: 9, last: 9 });
  });
});
