import { type ReactElement, useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Colours with at least 3:1 contrast on white, told apart by dash pattern too (not by colour alone). */
const PALETTE = ["#0b4f9c", "#a4161a", "#17662f", "#7a4a00", "#5b2a86", "#00606b", "#8a2c5c", "#3d3d3d"];
const DASHES: (number[] | undefined)[] = [
  undefined,
  [6, 3],
  [2, 3],
  [10, 4, 2, 4],
  [4, 4],
  [8, 2],
  [1, 2],
  [12, 3],
];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A uPlot chart: lines over dates (`x` = calendar days, drawn in UTC so a day stays that day) or bars over
 * categories (`categories` names each bar). It is a picture for sighted readers; the figure around it
 * carries the same numbers in a table.
 */
export function UplotChart({
  x,
  categories,
  series,
  kind,
  label,
  percent = false,
  height = 260,
}: {
  /** Calendar days (`YYYY-MM-DD`) for a time axis. */
  x?: string[];
  /** Names of the bars for a categorical axis. */
  categories?: string[];
  series: ChartSeries[];
  kind: "line" | "bars";
  label: string;
  percent?: boolean;
  height?: number;
}): ReactElement {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = x
      ? x.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000)
      : (categories ?? []).map((_, index) => index);
    const data: uPlot.AlignedData = [xs, ...series.map((item) => item.values)];
    const bars = kind === "bars" ? uPlot.paths.bars?.({ size: [0.6, 60] }) : undefined;
    const width = Math.max(320, element.clientWidth || 640);
    const chart = new uPlot(
      {
        width,
        height,
        ...(x ? { tzDate: (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), "UTC") } : {}),
        scales: {
          x: { time: Boolean(x) },
          y: { range: (_u, min, max) => [Math.min(0, min), Math.max(percent ? 1 : 1, max)] },
        },
        axes: [
          categories
            ? {
                values: (_u, splits) => splits.map((split) => categories[Math.round(split)] ?? ""),
                splits: () => categories.map((_, index) => index),
              }
            : {},
          percent ? { values: (_u, splits) => splits.map((split) => `${Math.round(split * 100)} %`) } : {},
        ],
        legend: { show: series.length > 1 },
        cursor: { show: true },
        series: [
          {},
          ...series.map((item, index) => ({
            label: item.label,
            stroke: PALETTE[index % PALETTE.length],
            width: 2,
            ...(kind === "bars"
              ? { fill: `${PALETTE[index % PALETTE.length]}cc`, paths: bars, points: { show: false } }
              : { dash: DASHES[index % DASHES.length] }),
          })),
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(320, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [x, categories, series, kind, height, percent]);
  return <div ref={container} className="chart" role="img" aria-label={label} />;
}
