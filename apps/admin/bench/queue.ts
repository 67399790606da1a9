// Benchmark of the incident queue in Chromium (issue 10): open the queue of 10,000 incidents → its first
// rendered rows, data loading included; then scroll to row 9,000 and count long frames on the way, right after
// the first rows (while the queue reads its further pages) and once it has read them all.
//
// 1. The built API starts once on a fresh PGlite folder (migrations, demo accounts) and stops.
// 2. 10,000 incidents are registered in that folder by the desk's own intake verb
//    (`receivePlatformIncident` of @otklik/incidents: classification, routing, SLA, numbers), in-process.
// 3. The built API and admin servers start on it; Debian's Chromium signs in as the operator and opens
//    /incidents RUNS times (a full page load each time: HTML, scripts, session, first page of the queue).
// 4. The same scroll over two pages with no script, as controls: an empty region ruled like the flung queue
//    (what Chromium itself drops here) and a plain table of as many rows, all in the page.
//
// Run from apps/admin after building the API and the admin:  pnpm exec tsx bench/queue.ts
// Options: BENCH_INCIDENTS (default 10000), BENCH_RUNS (default 7), BENCH_SCROLL_RUNS (default 3), BENCH_DATA_DIR=<folder> keeps the seeded
// PGlite folder there and reuses it on the next run (seeding 10,000 takes minutes), BENCH_SKIP_SCROLL=1.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { systemClock } from "@otklik/core";
import { connect } from "@otklik/db";
import { freePort, launchChromium, startNodeServer } from "@otklik/e2e-testing";
import { systemActor } from "@otklik/identity";
import { receivePlatformIncident } from "@otklik/incidents";

const COUNT = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SCROLL_RUNS = Number(process.env.BENCH_SCROLL_RUNS ?? 3);
/** Row 9,000 of 10,000 (the last row when fewer are seeded). */
const SCROLL_TARGET = Math.min(9000, COUNT - 1);
const API_ENTRY = path.resolve(import.meta.dirname, "../../api/dist/main.js");
const ADMIN_ENTRY = path.resolve(import.meta.dirname, "../dist/server/main.js");

const PROBLEMS = [
  "Яма на дороге у дома",
  "Не горят фонари во дворе дома",
  "Не вывозят мусор от дома",
  "Не убран снег у подъезда дома",
  "Протекает крыша в доме",
  "Стая собак у школы возле дома",
  "Автобус не пришёл на остановку у дома",
  "Нет горячей воды в доме",
  "Сломана скамейка у дома",
  "Открытый люк на тротуаре у дома",
];
const STREETS = [
  "Ленина",
  "Щетинкина",
  "Пушкина",
  "Советская",
  "Кирова",
  "Чертыгашева",
  "Вяткина",
  "Крылова",
];

interface Scroll {
  milliseconds: number;
  frames: number;
  /** Frames longer than one frame and a half (24.7 ms at 60 Hz), and longer than 50 ms. */
  droppedFrames: number;
  longFrames: number;
  worstFrame: number;
  /** Which frames took longer than 24.7 ms, as "index/frames". */
  droppedAt: string[];
}

/**
 * In the page: scrolls the queue to row `target`, one 3,000 px step per animation frame, timing the frames,
 * until that row is drawn; on a control's page (`control`), until the view is at it.
 */
async function scrollTo({ target, control }: { target: number; control: boolean }): Promise<Scroll> {
  const region = document.querySelector<HTMLElement>(".queue-scroll");
  if (!region) throw new Error("no queue");
  const rowHeight = 44;
  const frames: number[] = [];
  const started = performance.now();
  let last = started;
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const time = performance.now();
    frames.push(time - last);
    last = time;
    region.scrollTop = Math.min(region.scrollTop + 3000, target * rowHeight);
    const reached = control
      ? region.scrollTop >= target * rowHeight - region.clientHeight
      : [...region.querySelectorAll("tbody tr[aria-rowindex]")].some(
          (row) => Number(row.getAttribute("aria-rowindex")) - 2 >= target,
        );
    if (reached) break;
    if (time - started > 300_000) throw new Error("row not reached in 5 minutes");
  }
  return {
    milliseconds: performance.now() - started,
    frames: frames.length,
    longFrames: frames.filter((frame) => frame > 50).length,
    droppedFrames: frames.filter((frame) => frame > 1000 / 60 + 8).length,
    worstFrame: Math.max(...frames),
    droppedAt: frames.flatMap((frame, index) => (frame > 1000 / 60 + 8 ? [`${index}/${frames.length}`] : [])),
  };
}

/** The queue's scrolls (on a freshly opened queue, while it reads its pages or once read) and the controls'. */
type When = "reading" | "read" | "ruled" | "table";

/** The first control's page: a scrolling region as tall as `count` rows, ruled as the flung queue is, and empty. */
function ruledRegion(count: number): string {
  return `<!doctype html><html lang="ru"><meta charset="utf-8"><style>
body { margin: 1rem; }
.queue-scroll { height: 70vh; overflow: auto; border: 1px solid #c5ccd3; }
.ruled { height: ${count * 44}px; background: repeating-linear-gradient(to bottom, transparent 0 43px, #dde2e7 43px 44px); }
</style><div class="queue-scroll"><div class="ruled"></div></div></html>`;
}

/** The second control's page: a plain table of `count` rows of the queue's height and columns, in a scrolling region. */
function staticTable(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => {
    const text = `${PROBLEMS[index % PROBLEMS.length]} ${STREETS[index % STREETS.length]}, ${1 + (index % 97)}`;
    return `<tr><td><input type="checkbox" aria-label="Выбрать"></td><th><a href="#">2026-${String(index + 1).padStart(6, "0")}</a></th><td>${text}</td><td>Дороги</td><td>Управление ЖКХ</td><td>Новое</td><td>ВКонтакте</td><td>29.11, 10:${String(index % 60).padStart(2, "0")}</td><td>осталось 1 ч ${String(index % 60).padStart(2, "0")} мин</td></tr>`;
  }).join("");
  return `<!doctype html><html lang="ru"><meta charset="utf-8"><style>
body { font: 16px system-ui, sans-serif; margin: 1rem; }
.queue-scroll { height: 70vh; overflow: auto; border: 1px solid #c5ccd3; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; min-width: 72rem; }
tr { height: 44px; border-bottom: 1px solid #dde2e7; }
td, th { padding: 0 0.5rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; text-align: left; }
</style><div class="queue-scroll"><table><tbody>${rows}</tbody></table></div></html>`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const keptDir = process.env.BENCH_DATA_DIR ? path.resolve(process.env.BENCH_DATA_DIR) : undefined;
  if (keptDir) await mkdir(keptDir, { recursive: true });
  const dataDir = keptDir ?? (await mkdtemp(path.join(tmpdir(), "otklik-admin-bench-")));
  const seededMarker = path.join(dataDir, `.bench-seeded-${COUNT}`);
  const reuse = keptDir !== undefined && existsSync(seededMarker);
  const apiEnv = (port: number) => ({
    PORT: String(port),
    HOST: "127.0.0.1",
    OTKLIK_DATA_DIR: dataDir,
    OTKLIK_DEMO: "1",
    OTKLIK_RATE_LIMITS: "0",
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
  });
  try {
    // 1. Migrations and demo accounts, by the API itself.
    let port = await freePort();
    const first = await startNodeServer({
      name: "API",
      entry: API_ENTRY,
      port,
      readyPath: "/api/ready",
      env: apiEnv(port),
      timeoutMs: 600_000,
    });
    await first.stop();

    // 2. 10,000 incidents through the desk's intake verb.
    const seedStarted = performance.now();
    const db = await connect({ dataDir });
    const context = { db, clock: systemClock, actor: systemActor("bench") };
    const now = Date.now();
    for (let index = 0; index < (reuse ? 0 : COUNT); index += 1) {
      // Spread over the last 30 minutes: no deadline has passed yet, so the API's start-up catch-up of
      // passed SLA deadlines has nothing to announce (over 10,000 passed ones it ran longer than 3 minutes).
      const at = new Date(now - Math.floor((index / COUNT) * 30 * 60_000)).toISOString();
      await receivePlatformIncident(context, {
        type: "incident",
        id: `bench-${index}`,
        createdAt: at,
        sentAt: at,
        text: `${PROBLEMS[index % PROBLEMS.length]} ${STREETS[index % STREETS.length]}, ${1 + (index % 97)}`,
        source: { network: "vk", url: `https://vk.com/wall-1_${index}`, authorName: `Житель ${index}` },
      });
    }
    await db.close();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    if (keptDir && !reuse) await writeFile(seededMarker, new Date().toISOString());

    // 3. The servers on that data, and Chromium.
    port = await freePort();
    const api = await startNodeServer({
      name: "API",
      entry: API_ENTRY,
      port,
      readyPath: "/api/ready",
      env: apiEnv(port),
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

      const firstRows: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const started = Date.now();
        await page.goto(`${admin.url}/incidents`);
        await page
          .locator('[data-testid="incident-queue"] tbody tr[data-testid^="incident-"]')
          .first()
          .waitFor();
        firstRows.push(Date.now() - started);
      }
      // Where the last page load's time went (resource timing of the API calls and the scripts).
      const waterfall = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => /\/api\/v1\/|\.js$/.test(entry.name))
          .map((entry) => {
            const timing = entry as PerformanceResourceTiming;
            const url = new URL(timing.name);
            return `${url.pathname.replace(/^\/assets\//, "")}${url.search.slice(0, 40)} ${timing.startTime.toFixed(0)}→${timing.responseEnd.toFixed(0)} ms`;
          }),
      );
      const rendered = await page
        .locator('[data-testid="incident-queue"] tbody tr[data-testid^="incident-"]')
        .count();

      // Scroll to row 9,000: one step per animation frame, SCROLL_RUNS times on a freshly opened queue each
      // time: right after its first rows (the queue reads its further pages on the way), and once it has read
      // them all.
      const skipScroll = process.env.BENCH_SKIP_SCROLL === "1";
      const heaps: number[] = [];
      const scrolls: Record<When, Scroll[]> = { reading: [], read: [], ruled: [], table: [] };
      for (let run = 0; run < (skipScroll ? 0 : SCROLL_RUNS); run += 1)
        for (const when of ["reading", "read"] as const) {
          await page.goto(`${admin.url}/incidents`);
          await page
            .locator('[data-testid="incident-queue"] tbody tr[data-testid^="incident-"]')
            .first()
            .waitFor();
          if (when === "read") await page.getByText("Загружены все").waitFor({ timeout: 120_000 });
          scrolls[when].push(await page.evaluate(scrollTo, { target: SCROLL_TARGET, control: false }));
          // What the page keeps with every row read: its JavaScript heap after a full collection (after the
          // scroll, so that the collection does not change what the scroll meets).
          if (when === "read") {
            const cdp = await page.context().newCDPSession(page);
            await cdp.send("HeapProfiler.collectGarbage");
            heaps.push((await cdp.send("Runtime.getHeapUsage")).usedSize);
            await cdp.detach();
          }
        }
      // The controls, in the same browser, each on a page of its own with no script: the same scroll over an
      // empty region ruled as the flung queue is (what Chromium itself drops on this machine), and over a plain
      // table of as many rows, all in the page (what the queue would be without drawing only the rows in view).
      for (const control of skipScroll ? [] : (["ruled", "table"] as const)) {
        const controlPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await controlPage.setContent(control === "ruled" ? ruledRegion(COUNT) : staticTable(COUNT));
        for (let run = 0; run < (control === "ruled" ? SCROLL_RUNS : 1); run += 1) {
          await controlPage.evaluate(() => {
            const region = document.querySelector(".queue-scroll");
            if (region) region.scrollTop = 0;
          });
          await controlPage.waitForTimeout(500);
          scrolls[control].push(
            await controlPage.evaluate(scrollTo, { target: SCROLL_TARGET, control: true }),
          );
        }
        await controlPage.close();
      }
      const where = (run: Scroll) =>
        run.droppedAt.length > 12
          ? `${run.droppedAt.slice(0, 6).join(" ")} … and ${run.droppedAt.length - 6} more`
          : run.droppedAt.join(" ") || "-";
      const scrollLine = (when: When, label: string) => {
        const runs = scrolls[when];
        return `scroll to row ${SCROLL_TARGET} ${label} (one 3,000 px step per frame), ${runs.length} runs: frames over 24.7 ms ${runs.map((run) => `${run.droppedFrames}/${run.frames}`).join(", ")} (median ${median(runs.map((run) => run.droppedFrames))}), over 50 ms ${runs.map((run) => run.longFrames).join(", ")}, worst frame ${runs.map((run) => run.worstFrame.toFixed(0)).join(", ")} ms (long frames at ${runs.map(where).join("; ")}), ${runs.map((run) => (run.milliseconds / 1000).toFixed(1)).join(", ")} s`;
      };

      const { stdout } = await import("node:process");
      stdout.write(
        `${[
          `Node ${process.version}, ${process.platform}/${process.arch}; Chromium ${browser.version()}; PGlite in a data folder`,
          reuse
            ? `reused ${COUNT} incidents seeded in ${dataDir}`
            : `seeded ${COUNT} incidents through receivePlatformIncident in ${seedSeconds.toFixed(1)} s`,
          `open /incidents → first rendered rows, ${RUNS} full page loads: median ${median(firstRows)} ms, min ${Math.min(...firstRows)} ms, max ${Math.max(...firstRows)} ms (${firstRows.join(", ")})`,
          `rows in the DOM after the first page: ${rendered} (virtualised)`,
          `last page load, from navigation start: ${waterfall.join("; ")}`,
          ...(skipScroll
            ? []
            : [
                scrollLine(
                  "reading",
                  "right after the first rows, pages of 1,000 read by a worker on the way",
                ),
                scrollLine("read", "once the queue has read all its pages"),
                `the page's JavaScript heap with all ${COUNT} rows read, after a full collection: ${heaps.map((bytes) => (bytes / 1024 / 1024).toFixed(1)).join(", ")} MB`,
                scrollLine("ruled", "of an empty region ruled like the flung queue, no script (control)"),
                scrollLine("table", "of a plain table of as many rows, all in the page, no script (control)"),
              ]),
        ].join("\n")}\n`,
      );
    } finally {
      await browser.close();
      await admin.stop();
      await api.stop();
    }
  } finally {
    if (!keptDir) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
