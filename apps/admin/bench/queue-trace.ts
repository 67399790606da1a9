// Diagnosis of the queue benchmark's long frames (issue 10): the same scroll as bench/queue.ts, on data it
// seeded (BENCH_DATA_DIR), with a Chromium trace and a V8 CPU profile; prints what each long frame did.
// Run from apps/admin after bench/queue.ts has seeded the folder:
//   BENCH_DATA_DIR=/tmp/qdata pnpm exec tsx bench/queue-trace.ts
import path from "node:path";
import { freePort, launchChromium, startNodeServer } from "@otklik/e2e-testing";

const API_ENTRY = path.resolve(import.meta.dirname, "../../api/dist/main.js");
const ADMIN_ENTRY = path.resolve(import.meta.dirname, "../dist/server/main.js");
const TARGET = 9000;
const LONG = 1000 / 60 + 8;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  parent?: number;
  children?: number[];
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? "/tmp/qdata");
  const apiPort = await freePort();
  const api = await startNodeServer({
    name: "API",
    entry: API_ENTRY,
    port: apiPort,
    readyPath: "/api/ready",
    env: {
      PORT: String(apiPort),
      HOST: "127.0.0.1",
      OTKLIK_DATA_DIR: dataDir,
      OTKLIK_DEMO: "1",
      OTKLIK_RATE_LIMITS: "0",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
    timeoutMs: 600_000,
  });
  const adminPort = await freePort();
  const admin = await startNodeServer({
    name: "admin",
    entry: ADMIN_ENTRY,
    port: adminPort,
    readyPath: "/",
    env: {
      ADMIN_PORT: String(adminPort),
      HOST: "127.0.0.1",
      OTKLIK_API_URL: api.url,
      NODE_ENV: "production",
    },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(admin.url);
    await page.getByLabel("Электронная почта").fill("operator@demo.otklik.ru");
    await page.getByLabel("Пароль", { exact: true }).fill("otklik-demo");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByTestId("account").waitFor();
    await page.goto(`${admin.url}/incidents`);
    await page.locator('[data-testid="incident-queue"] tbody tr[data-testid^="incident-"]').first().waitFor();

    await page.addInitScript((exp: string) => localStorage.setItem("queue-exp", exp), process.env.EXP ?? "");
    if (process.env.EXTRA_CSS)
      await page.addInitScript((css: string) => {
        document.addEventListener("DOMContentLoaded", () => {
          const style = document.createElement("style");
          style.textContent = css;
          document.head.append(style);
        });
      }, process.env.EXTRA_CSS);
    const light = process.env.NO_TRACE === "1";
    const cdp = await page.context().newCDPSession(page);
    if (light) await browser.startTracing(page, { categories: ["toplevel", "blink.user_timing"] });
    if (!light) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await browser.startTracing(page, {
        categories: [
          "devtools.timeline",
          "disabled-by-default-devtools.timeline",
          "blink.user_timing",
          "v8.execute",
          "v8",
          "blink",
          "loading",
          "disabled-by-default-v8.gc",
          "blink_gc",
        ],
      });
      await cdp.send("Profiler.start");
    }
    await page.goto(`${admin.url}/incidents`);
    await page.locator('[data-testid="incident-queue"] tbody tr[data-testid^="incident-"]').first().waitFor();
    const result = await page.evaluate(async (target: number) => {
      const region = document.querySelector<HTMLElement>(".queue-scroll");
      if (!region) throw new Error("no queue");
      const loaf: unknown[] = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) loaf.push(entry.toJSON());
      }).observe({ type: "long-animation-frame", buffered: false });
      const frames: { start: number; end: number }[] = [];
      const started = performance.now();
      performance.mark("qf:start");
      let last = started;
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const time = performance.now();
        frames.push({ start: last, end: time });
        last = time;
        region.scrollTop = Math.min(region.scrollTop + 3000, target * 44);
        const reached = [...region.querySelectorAll("tbody tr[aria-rowindex]")].some(
          (row) => Number(row.getAttribute("aria-rowindex")) - 2 >= target,
        );
        if (reached) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Pages read by the worker do not show in the window's resource timing; their arrival is marked.
      const pages = [
        ...performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/api/v1/incidents?"))
          .map((entry) => ({
            url: entry.name.slice(-60),
            start: (entry as PerformanceResourceTiming).startTime,
            end: (entry as PerformanceResourceTiming).responseEnd,
            size: (entry as PerformanceResourceTiming).encodedBodySize,
          })),
        ...performance.getEntriesByName("otklik:queue-page").map((entry) => ({
          url: "worker",
          start: entry.startTime,
          end: entry.startTime,
          size: Number((entry as PerformanceMark).detail ?? 0),
        })),
      ];
      return { started, frames, loaf, pages };
    }, TARGET);
    if (light) {
      const lightEvents = (
        JSON.parse((await browser.stopTracing()).toString()) as {
          traceEvents: (TraceEvent & { tdur?: number })[];
        }
      ).traceEvents;
      const lightMark = lightEvents.find((event) => event.name === "qf:start");
      if (!lightMark) throw new Error("no mark");
      const from = lightMark.ts;
      const to = from + ((result.frames.at(-1)?.end ?? 0) - result.started) * 1000;
      const top = lightEvents
        .filter(
          (event) =>
            event.pid === lightMark.pid &&
            event.tid === lightMark.tid &&
            event.ph === "X" &&
            event.ts >= from &&
            event.ts < to,
        )
        .sort((a, b) => a.ts - b.ts);
      let cpu = 0;
      let wall = 0;
      let until = 0;
      for (const event of top) {
        if (event.ts < until) continue;
        until = event.ts + (event.dur ?? 0);
        cpu += event.tdur ?? 0;
        wall += event.dur ?? 0;
      }
      process.stdout.write(
        `main thread during the scroll: cpu ${(cpu / 1000).toFixed(0)} ms, busy ${(wall / 1000).toFixed(0)} ms of ${((to - from) / 1000).toFixed(0)} ms; cpu per frame ${(cpu / 1000 / result.frames.length).toFixed(1)} ms; `,
      );
      const durations = result.frames.map((frame) => frame.end - frame.start).sort((a, b) => a - b);
      process.stdout.write(
        `${result.frames.length} frames, ${durations.filter((d) => d > LONG).length} over ${LONG.toFixed(1)} ms, worst ${durations.at(-1)?.toFixed(0)} ms; median ${durations[Math.floor(durations.length / 2)]?.toFixed(1)}, p90 ${durations[Math.floor(durations.length * 0.9)]?.toFixed(1)}, mean ${(durations.reduce((a, b) => a + b, 0) / durations.length).toFixed(1)}\n`,
      );
      return;
    }
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
      profile: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
    };
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const events = trace.traceEvents;

    // Page time (performance.now() ms) → trace time (µs) by the «qf:start» mark.
    const mark = events.find((event) => event.name === "qf:start");
    if (!mark) throw new Error("no mark in the trace");
    const offset = mark.ts - result.started * 1000;
    const rendererPid = mark.pid;
    const mainTid = mark.tid;
    const mainEvents = events
      .filter((event) => event.pid === rendererPid && event.tid === mainTid && event.ph === "X" && event.dur)
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

    // Self time by event name within [from, to) (µs).
    function selfTimes(from: number, to: number): Map<string, number> {
      const totals = new Map<string, number>();
      const inside = mainEvents.filter((event) => event.ts < to && event.ts + (event.dur ?? 0) > from);
      const stack: { event: TraceEvent; end: number; child: number }[] = [];
      const close = (until: number) => {
        while (stack.length && (stack.at(-1)?.end ?? 0) <= until) {
          const top = stack.pop();
          if (!top) break;
          const start = Math.max(top.event.ts, from);
          const end = Math.min(top.end, to);
          const self = end - start - top.child;
          totals.set(top.event.name, (totals.get(top.event.name) ?? 0) + self);
          const parent = stack.at(-1);
          if (parent) parent.child += end - start;
        }
      };
      for (const event of inside) {
        close(event.ts);
        stack.push({ event, end: event.ts + (event.dur ?? 0), child: 0 });
      }
      close(Number.POSITIVE_INFINITY);
      return totals;
    }

    // The frame's work in order: dispatched events, timers, messages, animation frames, layouts (≥ 1 ms).
    const TASKS = new Set([
      "EventDispatch",
      "TimerFire",
      "FireAnimationFrame",
      "HandlePostMessage",
      "Layout",
      "UpdateLayoutTree",
      "Paint",
      "MajorGC",
      "MinorGC",
      "V8.GC_MC_INCREMENTAL",
      "RunMicrotasks",
      "ParseHTML",
      "XHRReadyStateChange",
    ]);
    function tasks(from: number, to: number): string {
      return mainEvents
        .filter(
          (event) =>
            event.ts >= from &&
            event.ts < to &&
            (TASKS.has(event.name) || /^(V8\.GC_[A-Z_]+$|BlinkGC\.)/.test(event.name)) &&
            (event.dur ?? 0) >= 1000,
        )
        .map((event) => {
          const data = event.args?.data as { type?: string } | undefined;
          const begin = (
            event.args as {
              beginData?: { dirtyObjects?: number; totalObjects?: number; stackTrace?: unknown };
            }
          )?.beginData;
          const detail =
            data?.type ??
            (begin ? `${begin.dirtyObjects}/${begin.totalObjects}${begin.stackTrace ? " forced" : ""}` : "");
          return `${event.name}${detail ? `(${detail})` : ""} @${((event.ts - from) / 1000).toFixed(0)} ${((event.dur ?? 0) / 1000).toFixed(1)}`;
        })
        .join("; ");
    }

    // CPU profile: sample times (µs, trace clock) → function self time within windows.
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const sampleTimes: number[] = [];
    let at = profile.startTime;
    for (const delta of profile.timeDeltas) {
      at += delta;
      sampleTimes.push(at);
    }
    function hotFunctions(
      from: number,
      to: number,
    ): { self: Map<string, number>; total: Map<string, number> } {
      const self = new Map<string, number>();
      const total = new Map<string, number>();
      for (let index = 0; index < profile.samples.length; index += 1) {
        const time = sampleTimes[index] ?? 0;
        if (time < from || time >= to) continue;
        const weight = (sampleTimes[index + 1] ?? time) - time;
        let id: number | undefined = profile.samples[index];
        const first = nodes.get(id ?? -1);
        if (!first) continue;
        const label = (node: ProfileNode) =>
          `${node.callFrame.functionName || "(anon)"} ${node.callFrame.url.split("/").at(-1)}:${node.callFrame.lineNumber + 1}`;
        self.set(label(first), (self.get(label(first)) ?? 0) + weight);
        const seen = new Set<string>();
        while (id !== undefined) {
          const node = nodes.get(id);
          if (!node) break;
          const name = label(node);
          if (!seen.has(name)) {
            seen.add(name);
            total.set(name, (total.get(name) ?? 0) + weight);
          }
          id = parents.get(id);
        }
      }
      return { self, total };
    }
    const top = (map: Map<string, number>, count: number) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([name, value]) => `${name} ${(value / 1000).toFixed(1)}`)
        .join("; ");

    const out: string[] = [];
    out.push(
      `pages: ${result.pages.map((page) => `${page.start.toFixed(0)}→${page.end.toFixed(0)} (${page.size} B)`).join(", ")}`,
    );
    const longFrames = result.frames.filter((frame) => frame.end - frame.start > LONG);
    out.push(
      `${result.frames.length} frames, ${longFrames.length} over ${LONG.toFixed(1)} ms, worst ${Math.max(...result.frames.map((frame) => frame.end - frame.start)).toFixed(0)} ms`,
    );
    const allSelf = new Map<string, number>();
    const allFunctions = new Map<string, number>();
    const allTotals = new Map<string, number>();
    for (const frame of result.frames) {
      const from = frame.start * 1000 + offset;
      const to = frame.end * 1000 + offset;
      const long = frame.end - frame.start > LONG;
      const times = selfTimes(from, to);
      const hot = hotFunctions(from, to);
      if (long) {
        for (const [name, value] of times) allSelf.set(name, (allSelf.get(name) ?? 0) + value);
        for (const [name, value] of hot.self) allFunctions.set(name, (allFunctions.get(name) ?? 0) + value);
        for (const [name, value] of hot.total) allTotals.set(name, (allTotals.get(name) ?? 0) + value);
        const arrivals = result.pages.filter((page) => page.end >= frame.start - 5 && page.end <= frame.end);
        out.push(
          `\nframe ${(frame.start - result.started).toFixed(0)}–${(frame.end - result.started).toFixed(0)} ms (${(frame.end - frame.start).toFixed(1)} ms)${arrivals.length ? ` PAGE ARRIVED (${arrivals.map((page) => page.size).join(",")} B)` : ""}`,
        );
        out.push(`  trace self: ${top(times, 10)}`);
        out.push(`  tasks: ${tasks(from, to)}`);
        out.push(`  js self: ${top(hot.self, 8)}`);
        out.push(`  js total: ${top(hot.total, 14)}`);
      }
    }
    out.push(`\nALL LONG FRAMES, trace self: ${top(allSelf, 20)}`);
    out.push(`ALL LONG FRAMES, js self: ${top(allFunctions, 25)}`);
    out.push(`ALL LONG FRAMES, js total: ${top(allTotals, 40)}`);
    // The same for every frame (short ones too): what a typical scroll frame costs.
    const everySelf = new Map<string, number>();
    const everyTotal = new Map<string, number>();
    for (const frame of result.frames) {
      const times = selfTimes(frame.start * 1000 + offset, frame.end * 1000 + offset);
      for (const [name, value] of times) everySelf.set(name, (everySelf.get(name) ?? 0) + value);
      const hot = hotFunctions(frame.start * 1000 + offset, frame.end * 1000 + offset);
      for (const [name, value] of hot.total) everyTotal.set(name, (everyTotal.get(name) ?? 0) + value);
    }
    out.push(`\nALL FRAMES, trace self: ${top(everySelf, 20)}`);
    out.push(`ALL FRAMES, js total: ${top(everyTotal, 40)}`);
    const durations = result.frames.map((frame) => frame.end - frame.start).sort((a, b) => a - b);
    out.push(
      `frame median ${durations[Math.floor(durations.length / 2)]?.toFixed(1)} ms, p90 ${durations[Math.floor(durations.length * 0.9)]?.toFixed(1)} ms, mean ${(durations.reduce((a, b) => a + b, 0) / durations.length).toFixed(1)} ms`,
    );
    if (process.env.TRACE_FRAMES === "1")
      out.push(`\nLoAF (>50 ms): ${JSON.stringify(result.loaf, null, 0).slice(0, 6000)}`);
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await browser.close();
    await admin.stop();
    await api.stop();
  }
}

await main();
