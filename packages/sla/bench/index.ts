/**
 * Benchmark of @otklik/sla against moment-business-time and dayjs-business-time.
 *
 *   pnpm bench            (sets TZ=Asia/Krasnoyarsk; the peers compute in local time)
 *
 * 1. Builds calendars and times building a 10-year production calendar.
 * 2. Runs the differential test against the minute-by-minute oracle on 100,000 random cases.
 * 3. For each operation and N or span: checks that all three libraries return identical results on
 *    every input the peers are timed on, then times them. Our library runs over all 10,000 seeded
 *    starts; the peers, being slow, over as many of the same starts as fit in a time budget.
 * Writes the markdown table to bench/results.md.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { createBusinessCalendar } from "../src/calendar/interval-calendar.js";
import { DEFAULT_OFFICE_HOURS } from "../src/calendar/weekly-hours.js";
import { differentialSubjects, runDifferential } from "../src/differential/differential-cases.js";
import { russianProductionCalendar } from "../src/production-calendar/russian-production-calendar.js";
import { seededStarts, startsOutsideMorning } from "./inputs.js";
import { dayjsBusinessTimeLibrary, momentBusinessTime, type WorkingTimeLibrary } from "./peers.js";

const TIME_ZONE = "Asia/Krasnoyarsk";
if (process.env.TZ !== TIME_ZONE) {
  // The peers use the process's local time zone: run again with it set.
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, TZ: TIME_ZONE },
  });
  process.exit(child.status ?? 1);
}

const DAY = 86_400_000;
const STARTS = 10_000;
const PEER_BUDGET_MILLISECONDS = Number(process.env.PEER_BUDGET_MS ?? 1_500);
const ORACLE_CASES = Number(process.env.ORACLE_CASES ?? 100_000);

const log = (line: string): void => console.log(line);

// --- Calendars -------------------------------------------------------------------------------
const production = russianProductionCalendar({ timeZone: TIME_ZONE, precomputeYears: [2020, 2028] });
/** Whole-day holidays the peers can express: every weekday the production calendar closes. */
const holidays: string[] = [];
for (let day = Date.UTC(2020, 0, 1); day < Date.UTC(2029, 0, 1); day += DAY) {
  const date = new Date(day).toISOString().slice(0, 10);
  const weekday = new Date(day).getUTCDay();
  if (weekday !== 0 && weekday !== 6 && production.dayKind(date) === "non-working") holidays.push(date);
}
const ours = createBusinessCalendar({
  timeZone: TIME_ZONE,
  hours: DEFAULT_OFFICE_HOURS,
  overrides: holidays.map((date) => ({ date, kind: "non-working" as const })),
  precomputeYears: [2020, 2028],
});
const sla: WorkingTimeLibrary = {
  name: "@otklik/sla",
  addWorkingMinutes: (start, minutes) => ours.addWorkingMinutes(start, minutes).getTime(),
  workingMinutesBetween: (from, to) => ours.workingMinutesBetween(from, to),
};
const peers = [momentBusinessTime(holidays), dayjsBusinessTimeLibrary(holidays)];

// --- Building a 10-year calendar ---------------------------------------------------------------
function timeBuild(timeZone: string): number {
  const started = performance.now();
  russianProductionCalendar({ timeZone, precomputeYears: [2021, 2030] });
  return performance.now() - started;
}
const firstBuild = timeBuild("Europe/Berlin");
const builds = Array.from({ length: 50 }, () => timeBuild("Europe/Berlin")).sort((a, b) => a - b);
const medianBuild = builds[25]!;
log(
  `10-year calendar build: first ${firstBuild.toFixed(2)} ms (reads the zone from Intl), median ${medianBuild.toFixed(2)} ms`,
);

// --- Differential test against the oracle ------------------------------------------------------
let started = performance.now();
const subjects = differentialSubjects();
const oracleBuild = performance.now() - started;
started = performance.now();
const disagreements = runDifferential(subjects, ORACLE_CASES, 424242);
log(
  `oracle: ${ORACLE_CASES} cases, ${disagreements.length} disagreements (tables built in ${(oracleBuild / 1000).toFixed(1)} s, run ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
if (disagreements.length > 0) {
  console.error(disagreements.slice(0, 10));
  process.exit(1);
}

// --- Cases ---------------------------------------------------------------------------------------
interface Case {
  readonly operation: "addWorkingMinutes" | "workingMinutesBetween";
  readonly label: string;
  readonly argument: number;
  readonly run: (library: WorkingTimeLibrary, start: number) => number;
  readonly starts: Float64Array;
}
const starts = seededStarts(STARTS, 20260508);
/** Asia/Krasnoyarsk is UTC+7 all year since 2014. */
const spanStarts = startsOutsideMorning(starts, 7 * 60);
const cases: Case[] = [
  ...[120, 540, 2_400, 10_080].map(
    (minutes): Case => ({
      operation: "addWorkingMinutes",
      label: `N = ${minutes.toLocaleString("en-US")}`,
      argument: minutes,
      run: (library, start) => library.addWorkingMinutes(start, minutes),
      starts,
    }),
  ),
  ...[
    ["day", DAY],
    ["week", 7 * DAY],
    ["year", 365 * DAY],
  ].map(
    ([label, span]): Case => ({
      operation: "workingMinutesBetween",
      label: `span of a ${label}`,
      argument: span as number,
      run: (library, start) => library.workingMinutesBetween(start, start + (span as number)),
      starts: spanStarts,
    }),
  ),
];

let sink = 0;

async function throughput(
  library: WorkingTimeLibrary,
  testCase: Case,
  inputs: Float64Array,
): Promise<number> {
  const bench = new Bench({
    time: library === sla ? 1_000 : 0,
    iterations: library === sla ? 10 : 1,
    warmup: library === sla,
  });
  bench.add(library.name, () => {
    for (let index = 0; index < inputs.length; index++) sink += testCase.run(library, inputs[index]!);
  });
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (!result || !("period" in result)) throw new Error(`No result for ${library.name}`);
  return (inputs.length * 1000) / result.period;
}

interface Row {
  readonly testCase: Case;
  readonly ours: number;
  readonly peers: { name: string; opsPerSecond: number; inputs: number }[];
}
const rows: Row[] = [];
for (const testCase of cases) {
  // Verify first: every input a peer will be timed on gives identical results in all three.
  const peerResults: Row["peers"] = [];
  for (const peer of peers) {
    const deadline = performance.now() + PEER_BUDGET_MILLISECONDS;
    let checked = 0;
    while (checked < testCase.starts.length && (checked < 20 || performance.now() < deadline)) {
      const start = testCase.starts[checked]!;
      const expected = testCase.run(sla, start);
      const actual = testCase.run(peer, start);
      if (expected !== actual) {
        throw new Error(
          `${peer.name} disagrees on ${testCase.operation} ${testCase.label} from ${new Date(start).toISOString()}: ${actual} vs ${expected}`,
        );
      }
      checked++;
    }
    const opsPerSecond = await throughput(peer, testCase, testCase.starts.subarray(0, checked));
    peerResults.push({ name: peer.name, opsPerSecond, inputs: checked });
  }
  const ourOpsPerSecond = await throughput(sla, testCase, testCase.starts);
  rows.push({ testCase, ours: ourOpsPerSecond, peers: peerResults });
  log(
    `${testCase.operation} ${testCase.label}: ${format(ourOpsPerSecond)} ops/s; ${peerResults.map((peer) => `${peer.name} ${format(peer.opsPerSecond)} (${peer.inputs} inputs)`).join("; ")}`,
  );
}

function format(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

// --- Report ---------------------------------------------------------------------------------------
const lines = [
  `Node ${process.version}, ${process.platform}/${process.arch}, TZ=${process.env.TZ}. Calendar: Mon–Fri 08:00–12:00, 13:00–17:00 in Asia/Krasnoyarsk with ${holidays.length} whole-day holidays (every weekday the Russian production calendar closes in 2020–2028). ${STARTS.toLocaleString("en-US")} seeded start instants (whole minutes) in 2021–2026 for \`addWorkingMinutes\`; for \`workingMinutesBetween\` the ${spanStarts.length.toLocaleString("en-US")} of them outside 08:00–13:00 local time (moment-business-time miscounts spans ending before the afternoon segment; see bench/inputs.ts), each paired with the instant a day, a week or 365 days later. @otklik/sla runs over all of them, each peer over the first *n* of the same starts that fit a ${PEER_BUDGET_MILLISECONDS / 1000} s budget (shown in brackets), after all three libraries were checked to return identical results on each of those inputs.`,
  "",
  "| operation | N / span | @otklik/sla ops/s | moment-business-time ops/s | dayjs-business-time ops/s | × faster peer |",
  "| --- | --- | ---: | ---: | ---: | ---: |",
  ...rows.map((row) => {
    const fastest = Math.max(...row.peers.map((peer) => peer.opsPerSecond));
    const peerCells = row.peers.map((peer) => `${format(peer.opsPerSecond)} (${peer.inputs})`);
    return `| \`${row.testCase.operation}\` | ${row.testCase.label} | ${format(row.ours)} | ${peerCells.join(" | ")} | ${format(row.ours / fastest)}× |`;
  }),
  "",
  `Building a 10-year Russian production calendar (2021–2030, Europe/Berlin): median ${medianBuild.toFixed(2)} ms over 50 builds; the first build in the process, which also reads the zone's offsets from \`Intl\`, ${firstBuild.toFixed(2)} ms.`,
  "",
  `Differential test: ${ORACLE_CASES.toLocaleString("en-US")} random cases (Asia/Krasnoyarsk office hours and Europe/Berlin night shifts on the Russian production calendar, spans up to 31 days) against the minute-by-minute oracle: ${disagreements.length} disagreements.`,
];
const report = lines.join("\n");
writeFileSync(fileURLToPath(new URL("./results.md", import.meta.url)), `${report}\n`);
log(`\n${report}`);
if (sink === Number.MIN_VALUE) log("");
