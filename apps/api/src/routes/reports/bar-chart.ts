import sharp from "sharp";

/**
 * Bar charts for the report: an SVG with every label (Word 2016+, LibreOffice and browsers show it) and
 * the same SVG rendered to PNG by sharp (librsvg) for readers that cannot show SVG. The labels are also in
 * the image's alternative text and in the table printed under every chart.
 */
export interface BarChart {
  title: string;
  labels: string[];
  values: number[];
  /** Shown after values: `%`, `мин`. */
  unit?: string;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
const MARGIN = { top: 24, right: 16, bottom: 56, left: 48 };

/** A round top for the axis and 4–5 ticks: 1, 2 or 5 times a power of ten. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ??
    rough) as number;
  const niceStep = step < 1 && Number.isInteger(max) ? 1 : step;
  return { top: Math.ceil(max / niceStep) * niceStep, step: niceStep };
}

interface Layout {
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  top: number;
  step: number;
  bars: { x: number; width: number; y: number; height: number; value: number; label: string }[];
}

function layout(chart: BarChart): Layout {
  const plotLeft = MARGIN.left;
  const plotRight = CHART_WIDTH - MARGIN.right;
  const plotTop = MARGIN.top;
  const plotBottom = CHART_HEIGHT - MARGIN.bottom;
  const { top, step } = niceScale(Math.max(0, ...chart.values));
  const slot = (plotRight - plotLeft) / Math.max(1, chart.values.length);
  const width = Math.max(1, Math.floor(slot * 0.7));
  const bars = chart.values.map((value, index) => {
    const height = Math.round(((plotBottom - plotTop) * Math.max(0, value)) / top);
    return {
      x: Math.round(plotLeft + slot * index + (slot - width) / 2),
      width,
      y: plotBottom - height,
      height,
      value,
      label: chart.labels[index] ?? "",
    };
  });
  return { plotLeft, plotRight, plotTop, plotBottom, top, step, bars };
}

const formatValue = (value: number) =>
  Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10).replace(".", ",");

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The chart as SVG, with the title, axis figures, values and category labels. */
export function barChartSvg(chart: BarChart): string {
  const plot = layout(chart);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeXml(chart.title)}" font-family="Arial, Helvetica, sans-serif">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
  ];
  for (let tick = 0; tick <= plot.top; tick += plot.step) {
    const y = plot.plotBottom - ((plot.plotBottom - plot.plotTop) * tick) / plot.top;
    parts.push(
      `<line x1="${plot.plotLeft}" x2="${plot.plotRight}" y1="${y}" y2="${y}" stroke="#d8dde3"/>`,
      `<text x="${plot.plotLeft - 6}" y="${y + 4}" font-size="11" text-anchor="end" fill="#1a1a1a">${formatValue(tick)}</text>`,
    );
  }
  const many = plot.bars.length > 12;
  for (const bar of plot.bars) {
    const centre = bar.x + bar.width / 2;
    parts.push(
      `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="#1f5fa8"/>`,
    );
    if (!many || bar.value > 0) {
      parts.push(
        `<text x="${centre}" y="${bar.y - 4}" font-size="${many ? 9 : 11}" text-anchor="middle" fill="#1a1a1a">${formatValue(bar.value)}${chart.unit && !many ? escapeXml(` ${chart.unit}`) : ""}</text>`,
      );
    }
    const labelY = plot.plotBottom + 14;
    parts.push(
      many
        ? `<text x="${centre}" y="${labelY}" font-size="9" text-anchor="end" transform="rotate(-45 ${centre} ${labelY})" fill="#1a1a1a">${escapeXml(bar.label)}</text>`
        : `<text x="${centre}" y="${labelY}" font-size="11" text-anchor="middle" fill="#1a1a1a">${escapeXml(bar.label)}</text>`,
    );
  }
  parts.push(
    `<line x1="${plot.plotLeft}" x2="${plot.plotRight}" y1="${plot.plotBottom}" y2="${plot.plotBottom}" stroke="#333333"/>`,
    "</svg>",
  );
  return parts.join("");
}

/** The same chart as a PNG (sharp renders the SVG, labels included), for readers that cannot show SVG. */
export async function barChartPng(chart: BarChart): Promise<Buffer> {
  return sharp(Buffer.from(barChartSvg(chart), "utf8"), { density: 96 })
    .flatten({ background: "#ffffff" })
    .png()
    .toBuffer();
}
