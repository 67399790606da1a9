// The exposition writer, read back by a strict parser of the Prometheus text format 0.0.4.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeLabelValue, formatValue, MetricsRegistry } from "./exposition.js";
import { parseExposition, sampleValue } from "./exposition-parser.js";

describe("Prometheus text exposition", () => {
  it("writes counters, gauges and histograms that parse back to the same figures", () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter("demo_requests_total", "Requests\nwith a \\ in help", [
      "method",
      "route",
    ]);
    const depth = registry.gauge("demo_queue_depth", "Depth", ["queue"]);
    const latency = registry.histogram("demo_latency_seconds", "Latency", ["route"], [0.1, 0.5, 1]);
    requests.inc({ method: "GET", route: "/api/v1/incidents/:id" });
    requests.inc({ method: "GET", route: "/api/v1/incidents/:id" }, 2);
    requests.inc({ method: "POST", route: "/api/v1/reports" });
    depth.set({ queue: "incidents.sla-deadline" }, 7);
    for (const seconds of [0.05, 0.1, 0.3, 0.7, 3]) latency.observe({ route: "/r" }, seconds);

    const text = registry.render();
    const families = parseExposition(text);
    expect(families.get("demo_requests_total")).toMatchObject({
      type: "counter",
      help: "Requests\nwith a \\ in help",
    });
    expect(
      sampleValue(families, "demo_requests_total", { method: "GET", route: "/api/v1/incidents/:id" }),
    ).toBe(3);
    expect(sampleValue(families, "demo_requests_total", { method: "POST" })).toBe(1);
    expect(sampleValue(families, "demo_queue_depth", { queue: "incidents.sla-deadline" })).toBe(7);
    // Buckets are cumulative and end with +Inf = _count; 0.1 falls in le="0.1" (upper bound inclusive).
    const buckets = families
      .get("demo_latency_seconds")
      ?.samples.filter((sample) => sample.name.endsWith("_bucket"));
    expect(buckets?.map((sample) => [sample.labels.le, sample.value])).toEqual([
      ["0.1", 2],
      ["0.5", 3],
      ["1", 4],
      ["+Inf", 5],
    ]);
    expect(sampleValue(families, "demo_latency_seconds_count", { route: "/r" })).toBe(5);
    expect(sampleValue(families, "demo_latency_seconds_sum", { route: "/r" })).toBeCloseTo(4.15, 10);
  });

  it("round-trips any label value, however hostile", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        const registry = new MetricsRegistry();
        registry.gauge("probe", "p", ["value"]).set({ value }, 1);
        const families = parseExposition(registry.render());
        expect(families.get("probe")?.samples[0]?.labels.value).toBe(value);
      }),
      { numRuns: 500 },
    );
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it("spells special values as the format does, and refuses bad names and falling counters", () => {
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1.5, 0].map(formatValue)).toEqual(
      ["+Inf", "-Inf", "NaN", "1.5", "0"],
    );
    const registry = new MetricsRegistry();
    expect(() => registry.counter("bad-name", "x")).toThrow(/Invalid metric name/);
    expect(() => registry.gauge("ok", "x", ["le"])).toThrow(/Invalid label name/);
    expect(() => registry.gauge("ok2", "x", ["__reserved"])).toThrow(/Invalid label name/);
    const counter = registry.counter("things_total", "x");
    expect(() => counter.inc(undefined, -1)).toThrow(/cannot go down/);
    registry.gauge("twice", "x");
    expect(() => registry.gauge("twice", "x")).toThrow(/twice/);
    const labelled = registry.gauge("needs_label", "x", ["queue"]);
    expect(() => labelled.set({} as { queue: string }, 1)).toThrow(/needs the label "queue"/);
  });

  it("writes a family with no samples as its HELP and TYPE only", () => {
    const registry = new MetricsRegistry();
    registry.gauge("empty_gauge", "nothing yet", ["queue"]);
    expect(registry.render()).toBe("# HELP empty_gauge nothing yet\n# TYPE empty_gauge gauge\n");
    expect(parseExposition(registry.render()).get("empty_gauge")?.samples).toEqual([]);
  });
});
