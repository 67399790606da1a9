/**
 * A small, dependency-free writer of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): counters, gauges and
 * histograms with labels. prom-client is not among the workspace's dependencies, and what the
 * API needs fits in this file.
 */

/** The `Content-Type` of a scrape's answer. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type Labels<Name extends string> = Readonly<Record<Name, string>>;

/** Writes a sample value: integers as such, `+Inf`, `-Inf`, `NaN` as the format spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** A label value inside double quotes: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A `# HELP` text: backslash and line feed are escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((name, index) => `${name}="${escapeLabelValue(values[index] ?? "")}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

type MetricType = "counter" | "gauge" | "histogram";

abstract class Family<Name extends string, Value> {
  protected readonly series = new Map<string, { values: string[]; value: Value }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly Name[],
    readonly type: MetricType,
  ) {
    if (!METRIC_NAME.test(name)) throw new Error(`Invalid metric name "${name}"`);
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith("__") || label === "le") {
        throw new Error(`Invalid label name "${label}" of ${name}`);
      }
    }
  }

  protected entry(
    labels: Labels<Name> | undefined,
    initial: () => Value,
  ): { values: string[]; value: Value } {
    const values = this.labelNames.map((label) => {
      const value = labels?.[label];
      if (value === undefined) throw new Error(`Metric ${this.name} needs the label "${label}"`);
      return value;
    });
    const key = values.join("\u0000");
    let found = this.series.get(key);
    if (!found) {
      found = { values, value: initial() };
      this.series.set(key, found);
    }
    return found;
  }

  /** Forgets every series (a gauge refilled from a fresh reading drops label sets that are gone). */
  reset(): void {
    this.series.clear();
  }

  protected abstract sampleLines(): string[];

  /** The family's lines: `# HELP`, `# TYPE`, then the samples. */
  lines(): string[] {
    return [
      `# HELP ${this.name} ${escapeHelp(this.help)}`,
      `# TYPE ${this.name} ${this.type}`,
      ...this.sampleLines(),
    ];
  }
}

/** A value that only goes up (resets when the process restarts). Names end in `_total`. */
export class Counter<Name extends string = never> extends Family<Name, number> {
  constructor(name: string, help: string, labelNames: readonly Name[] = []) {
    super(name, help, labelNames, "counter");
  }

  inc(labels?: Labels<Name>, by = 1): void {
    if (!(by >= 0)) throw new Error(`Counter ${this.name} cannot go down (${by})`);
    this.entry(labels, () => 0).value += by;
  }

  /** Sets a counter read from elsewhere (a total kept in the database). */
  set(labels: Labels<Name> | undefined, value: number): void {
    this.entry(labels, () => 0).value = value;
  }

  protected sampleLines(): string[] {
    return [...this.series.values()].map(
      ({ values, value }) => `${this.name}${labelText(this.labelNames, values)} ${formatValue(value)}`,
    );
  }
}

/** A value that goes up and down. */
export class Gauge<Name extends string = never> extends Family<Name, number> {
  constructor(name: string, help: string, labelNames: readonly Name[] = []) {
    super(name, help, labelNames, "gauge");
  }

  set(labels: Labels<Name> | undefined, value: number): void {
    this.entry(labels, () => 0).value = value;
  }

  inc(labels?: Labels<Name>, by = 1): void {
    this.entry(labels, () => 0).value += by;
  }

  dec(labels?: Labels<Name>, by = 1): void {
    this.entry(labels, () => 0).value -= by;
  }

  protected sampleLines(): string[] {
    return [...this.series.values()].map(
      ({ values, value }) => `${this.name}${labelText(this.labelNames, values)} ${formatValue(value)}`,
    );
  }
}

interface HistogramValue {
  /** Observations per bucket (not cumulative); the last slot is above the highest bound. */
  buckets: number[];
  sum: number;
  count: number;
}

/** Latency buckets in seconds: 5 ms to 10 s. */
export const DEFAULT_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Observations counted into cumulative buckets (`_bucket{le=…}`), with `_sum` and `_count`. */
export class Histogram<Name extends string = never> extends Family<Name, HistogramValue> {
  readonly bounds: readonly number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly Name[] = [],
    bounds: readonly number[] = DEFAULT_SECONDS_BUCKETS,
  ) {
    super(name, help, labelNames, "histogram");
    const sorted = [...bounds].sort((a, b) => a - b);
    if (
      sorted.length === 0 ||
      sorted.some((bound, index) => !Number.isFinite(bound) || bound === sorted[index - 1])
    ) {
      throw new Error(`Histogram ${name} needs distinct finite bucket bounds`);
    }
    this.bounds = sorted;
  }

  observe(labels: Labels<Name> | undefined, value: number): void {
    const entry = this.entry(labels, () => ({
      buckets: new Array(this.bounds.length + 1).fill(0),
      sum: 0,
      count: 0,
    }));
    let index = this.bounds.findIndex((bound) => value <= bound);
    if (index === -1) index = this.bounds.length;
    entry.value.buckets[index] = (entry.value.buckets[index] ?? 0) + 1;
    entry.value.sum += value;
    entry.value.count += 1;
  }

  protected sampleLines(): string[] {
    const lines: string[] = [];
    for (const { values, value } of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, index) => {
        cumulative += value.buckets[index] ?? 0;
        lines.push(
          `${this.name}_bucket${labelText(this.labelNames, values, ["le", formatValue(bound)])} ${cumulative}`,
        );
      });
      lines.push(`${this.name}_bucket${labelText(this.labelNames, values, ["le", "+Inf"])} ${value.count}`);
      lines.push(`${this.name}_sum${labelText(this.labelNames, values)} ${formatValue(value.sum)}`);
      lines.push(`${this.name}_count${labelText(this.labelNames, values)} ${value.count}`);
    }
    return lines;
  }
}

type AnyFamily = Counter<string> | Gauge<string> | Histogram<string>;

/** The metric families one process exposes, rendered in the order they were registered. */
export class MetricsRegistry {
  private readonly families = new Map<string, AnyFamily>();

  register<F extends AnyFamily>(family: F): F {
    if (this.families.has(family.name)) throw new Error(`Metric ${family.name} is registered twice`);
    this.families.set(family.name, family);
    return family;
  }

  counter<Name extends string = never>(
    name: string,
    help: string,
    labelNames: readonly Name[] = [],
  ): Counter<Name> {
    return this.register(
      new Counter<Name>(name, help, labelNames) as unknown as AnyFamily,
    ) as unknown as Counter<Name>;
  }

  gauge<Name extends string = never>(
    name: string,
    help: string,
    labelNames: readonly Name[] = [],
  ): Gauge<Name> {
    return this.register(
      new Gauge<Name>(name, help, labelNames) as unknown as AnyFamily,
    ) as unknown as Gauge<Name>;
  }

  histogram<Name extends string = never>(
    name: string,
    help: string,
    labelNames: readonly Name[] = [],
    bounds?: readonly number[],
  ): Histogram<Name> {
    return this.register(
      new Histogram<Name>(name, help, labelNames, bounds) as unknown as AnyFamily,
    ) as unknown as Histogram<Name>;
  }

  /** The whole exposition, ending with a line feed. */
  render(): string {
    const lines: string[] = [];
    for (const family of this.families.values()) lines.push(...family.lines());
    return `${lines.join("\n")}\n`;
  }
}
