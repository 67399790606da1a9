// The yearly report: a seeded year with known counts, median and 90th percentile, made by the durable
// job, read back from the DOCX (its XML text and chart images), the XLSX (read-excel-file) and the CSV.
import { answerInformationRequest, registerInformationRequest } from "@otklik/content";
import { type Clock, manualClock } from "@otklik/core";
import { createJobs, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor } from "@otklik/identity";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReportWorkers } from "../src/routes/reports/register.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import {
  abakan,
  type SeededIncident,
  seedIncident,
  seedPublication,
  seedPublisher,
} from "./support/analytics-seed.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";
import { docxCells, readZipEntry } from "./support/zip.js";

interface Run {
  id: string;
  status: string;
  stepsDone: number;
  stepsTotal: number;
  error: string | null;
  departmentId: string | null;
  downloads: { docx: string; xlsx: string; csv: string } | null;
}

/** First replies after these minutes: median (90 + 150) / 2 = 120; p90 = 600 + 0.1 × (1500 − 600) = 690. */
const REPLY_MINUTES = [5, 20, 40, 70, 90, 150, 200, 300, 600, 1500];

describe.each(testBackends())("the yearly report on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let jobs: Jobs;
  let clock: ReturnType<typeof manualClock>;
  let browsers: Awaited<ReturnType<typeof demoStaff>>["browsers"];
  let housing: string;
  let run: Run;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    clock = manualClock("2026-01-15T03:00:00Z");
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    api = await createTestApi({ db, clock: clock as Clock, incidents: { jobs } });
    await jobs.start();
    await startReportWorkers({ db, clock: clock as Clock, jobs });
    const staff = await demoStaff(api.app, { db, clock });
    browsers = staff.browsers;
    housing = staff.demo.departmentIds.housing ?? "";
    const transport = staff.demo.departmentIds.transport ?? "";

    const year: Omit<SeededIncident, "replyAfterMinutes">[] = [
      {
        at: "2025-01-10T10:00",
        channel: "platform",
        category: "roads",
        departmentId: housing,
        status: "resolved",
        platformDeadlineHours: 9,
      },
      {
        at: "2025-01-20T10:00",
        channel: "platform",
        category: "roads",
        departmentId: housing,
        status: "resolved",
        platformDeadlineHours: 9,
      },
      {
        at: "2025-02-05T10:00",
        channel: "vk",
        category: "roads",
        departmentId: transport,
        status: "resolved",
      },
      { at: "2025-03-05T10:00", channel: "vk", category: "waste", departmentId: housing, status: "closed" },
      {
        at: "2025-04-05T10:00",
        channel: "platform",
        category: "waste",
        departmentId: housing,
        status: "closed",
        platformDeadlineHours: 1,
      },
      {
        at: "2025-05-05T10:00",
        channel: "platform",
        category: "waste",
        departmentId: transport,
        status: "resolved",
        platformDeadlineHours: 9,
      },
      {
        at: "2025-06-05T10:00",
        channel: "telegram",
        category: "roads",
        departmentId: transport,
        status: "resolved",
      },
      { at: "2025-07-05T10:00", channel: "vk", category: "roads", departmentId: housing, status: "rejected" },
      {
        at: "2025-08-05T10:00",
        channel: "platform",
        category: "snow",
        departmentId: housing,
        status: "rejected",
        platformDeadlineHours: 9,
      },
      // 23:30 on 31 December in Abakan is 16:30 UTC: still 2025, in December.
      {
        at: "2025-12-31T23:30",
        channel: "vk",
        category: "roads",
        departmentId: transport,
        status: "forwarded",
      },
    ];
    for (const [index, incident] of year.entries()) {
      await seedIncident(db, clock, { ...incident, replyAfterMinutes: REPLY_MINUTES[index] ?? null });
    }
    await seedIncident(db, clock, {
      at: "2025-11-05T10:00",
      channel: "vk",
      category: "snow",
      departmentId: housing,
      replyAfterMinutes: null,
      status: "new",
    });
    await seedIncident(db, clock, {
      at: "2025-11-20T10:00",
      channel: "vk",
      category: "waste",
      departmentId: transport,
      replyAfterMinutes: null,
      status: "new",
    });
    // 00:30 on 1 January 2026 in Abakan is still 31 December in UTC: not this year's.
    await seedIncident(db, clock, {
      at: "2026-01-01T00:30",
      channel: "vk",
      category: "roads",
      departmentId: housing,
      replyAfterMinutes: 1,
    });

    const publisher = await seedPublisher(db, clock);
    await seedPublication(db, clock, {
      at: "2025-03-01T10:00",
      type: "news",
      publisherId: publisher,
      postedTo: ["vk"],
    });
    await seedPublication(db, clock, { at: "2025-06-01T10:00", type: "news", publisherId: publisher });
    await seedPublication(db, clock, { at: "2025-09-01T10:00", type: "notice", publisherId: publisher });

    const editorial = () => ({ db, clock: clock as Clock, actor: systemActor("test") });
    const media = async (at: string, answeredAfterDays: number, refused = false) => {
      clock.set(abakan(at));
      const request = await registerInformationRequest(editorial(), {
        outlet: "Шанс",
        subject: "Дороги",
        text: "Сколько ям заделано?",
      });
      clock.set(new Date(abakan(at).getTime() + answeredAfterDays * 86_400_000));
      await answerInformationRequest(editorial(), request.id, { answer: "Ответ редакции", refused });
    };
    await media("2025-04-01T10:00", 2);
    await media("2025-05-01T10:00", 10);
    await media("2025-06-01T10:00", 1, true);
    clock.set("2026-01-15T03:00:00Z");

    const started = await call(api.app, "POST", "/api/v1/reports/yearly", {
      as: browsers.analyst,
      body: { year: 2025 },
    });
    expect(started.status, await started.clone().text()).toBe(202);
    run = (await started.json()) as Run;
    expect(run).toMatchObject({ status: "queued", stepsDone: 0, stepsTotal: 11, downloads: null });
    const deadline = Date.now() + 90_000;
    while (run.status !== "done" && run.status !== "failed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = (await (
        await call(api.app, "GET", `/api/v1/reports/${run.id}`, { as: browsers.analyst })
      ).json()) as Run;
    }
  }, 240_000);
  afterAll(async () => {
    await jobs?.stop({ graceful: false });
    await api?.db.close();
  });

  const download = async (path: string, as: Browser = browsers.analyst) => {
    const response = await call(api.app, "GET", path, { as });
    expect(response.status, path).toBe(200);
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  it("is made by the job, every step done", () => {
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: "done", stepsDone: 11, stepsTotal: 11 });
    expect(run.downloads).toEqual({
      docx: `/api/v1/reports/${run.id}/files/docx`,
      xlsx: `/api/v1/reports/${run.id}/files/xlsx`,
      csv: `/api/v1/reports/${run.id}/files/csv`,
    });
  });

  it("writes the counts, the median and the 90th percentile into the DOCX, with charts", async () => {
    const { response, bytes } = await download(run.downloads?.docx ?? "");
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    const xml = readZipEntry(bytes, "word/document.xml")?.toString("utf8") ?? "";
    const cells = docxCells(xml);
    const after = (label: string, count = 1) => {
      const at = cells.indexOf(label);
      expect(at, label).toBeGreaterThanOrEqual(0);
      return cells.slice(at + 1, at + 1 + count);
    };
    expect(cells[0]).toBe("Отчёт о реализации информационной политики за 2025 год");
    expect(after("Поступило / Received")).toEqual(["12"]);
    expect(after("Решено / Resolved")).toEqual(["7"]);
    expect(after("Отклонено / Rejected")).toEqual(["2"]);
    expect(after("Медиана, мин / Median, min")).toEqual(["120"]);
    expect(after("90-й процентиль, мин / 90th percentile, min")).toEqual(["690"]);
    expect(after("Без ответа / Unanswered")).toEqual(["2"]);
    expect(after("Ответ в течение 2 часов / Answered within 2 hours")).toEqual(["41,7 %"]);
    expect(after("Ответ в срок платформы / Answered within the platform deadline")).toEqual(["60 %"]);
    expect(after("Дороги / Roads", 5)).toEqual(["6", "4", "1", "1", "0"]);
    expect(after("Мусор / Waste", 5)).toEqual(["4", "3", "0", "0", "1"]);
    expect(after("Новости / News")).toEqual(["2"]);
    expect(after("Сайт / Website")).toEqual(["3"]);
    expect(after("ВКонтакте / VK")).toEqual(["1"]);
    expect(after("Запросов редакций получено / Editorial requests received")).toEqual(["3"]);
    expect(after("Дан ответ / Answered", 3)).toEqual(["2", "Из них в срок / Of them on time", "1"]);
    // No audience readings are stored: the four pages' rows are left for the office, and say so.
    const audience = cells.slice(
      cells.indexOf("Прирост / Growth") + 1,
      cells.indexOf("Прирост / Growth") + 21,
    );
    expect(
      audience.filter((text) => text === "заполняет пресс-служба / filled in by the office"),
    ).toHaveLength(12);
    expect(audience.filter((_, index) => index % 5 === 0)).toEqual([
      "ВКонтакте / VK",
      "Одноклассники / OK",
      "Telegram / Telegram",
      "MAX / MAX",
    ]);
    // Charts: an SVG with its labels and a PNG fallback each.
    const rels = readZipEntry(bytes, "word/_rels/document.xml.rels")?.toString("utf8") ?? "";
    const targets = [...rels.matchAll(/Target="(media\/[^"]+)"/g)].map((match) => `word/${match[1]}`);
    const pngs = targets.filter((target) => target.endsWith(".png"));
    const svgs = targets.filter((target) => target.endsWith(".svg"));
    expect(pngs).toHaveLength(4);
    expect(svgs).toHaveLength(4);
    for (const png of pngs)
      expect([...(readZipEntry(bytes, png) ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual([
        0x89, 0x50, 0x4e, 0x47,
      ]);
    const svgText = svgs.map((svg) => readZipEntry(bytes, svg)?.toString("utf8") ?? "").join("");
    expect(svgText).toContain("Обращения по месяцам / Incidents by month");
    expect(xml).toContain('descr="Обращения по месяцам / Incidents by month: янв — 2; фев — 1; мар — 1');
  });

  it("writes the same figures into the XLSX", async () => {
    const { bytes } = await download(run.downloads?.xlsx ?? "");
    const sheets = await readXlsxFile(Buffer.from(bytes));
    const sheet = (name: string) => sheets.find((candidate) => candidate.sheet === name)?.data ?? [];
    expect(sheets.map((candidate) => candidate.sheet)).toEqual([
      "Сводка",
      "Публикации",
      "Аудитория",
      "Обращения",
      "Первый ответ",
      "Сроки",
      "Темы",
      "СМИ",
    ]);
    const summary = new Map(sheet("Сводка").map((row) => [row[0], row[1]]));
    expect(summary.get("Обращений поступило / Incidents received")).toBe(12);
    expect(summary.get("Медиана первого ответа, мин / Median first reply, min")).toBe(120);
    expect(summary.get("90-й процентиль, мин / 90th percentile, min")).toBe(690);
    expect(summary.get("Доля ответов в 2 ч / Share within 2 h")).toBeCloseTo(5 / 12, 10);
    expect(summary.get("Доля ответов в срок платформы / Share within platform deadline")).toBeCloseTo(
      0.6,
      10,
    );
    expect(summary.get("Запросов СМИ с ответом / Media requests answered")).toBe(2);
    const kinds = sheet("Обращения");
    expect(kinds.find((row) => row[0] === "Дороги / Roads")).toEqual(["Дороги / Roads", 6, 4, 1, 1, 0]);
    const months = kinds.slice(kinds.findIndex((row) => row[0] === "Месяц / Month") + 1).map((row) => row[1]);
    expect(months).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 0, 0, 2, 1]);
    const replies = sheet("Первый ответ");
    expect(replies[1]).toEqual(["до 15 мин / under 15 min", 0, 15, 1]);
  });

  it("writes every figure into one CSV with a BOM", async () => {
    const { bytes } = await download(run.downloads?.csv ?? "");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines).toContain("first_reply,all,median_minutes,120");
    expect(lines).toContain("first_reply,all,p90_minutes,690");
    expect(lines).toContain("incidents,total,received,12");
    expect(lines).toContain("incidents.kind,roads,received,6");
  });

  it("makes a head's report of their department only, and hides other reports from them", async () => {
    const started = await call(api.app, "POST", "/api/v1/reports/monthly", {
      as: browsers.head,
      body: { year: 2025, month: 11 },
    });
    expect(started.status).toBe(202);
    let own = (await started.json()) as Run;
    expect(own.departmentId).toBe(housing);
    const deadline = Date.now() + 60_000;
    while (own.status !== "done" && own.status !== "failed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      own = (await (
        await call(api.app, "GET", `/api/v1/reports/${own.id}`, { as: browsers.head })
      ).json()) as Run;
    }
    expect(own.status).toBe("done");
    const { bytes } = await download(own.downloads?.csv ?? "", browsers.head);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    // November: housing had one incident (5 November); transport's of 20 November is not counted.
    expect(lines).toContain("incidents,total,received,1");
    expect((await call(api.app, "GET", `/api/v1/reports/${run.id}`, { as: browsers.head })).status).toBe(404);
    expect(
      (await call(api.app, "GET", `/api/v1/reports/${run.id}/files/docx`, { as: browsers.head })).status,
    ).toBe(404);
    const list = (await (await call(api.app, "GET", "/api/v1/reports", { as: browsers.head })).json()) as {
      items: Run[];
    };
    expect(list.items.map((item) => item.id)).toEqual([own.id]);
    const all = (await (await call(api.app, "GET", "/api/v1/reports", { as: browsers.analyst })).json()) as {
      items: Run[];
    };
    expect(all.items.map((item) => item.id)).toEqual([own.id, run.id]);
  });

  it("refuses bad requests in Russian and English, and people without report:read", async () => {
    const post = (body: unknown, as: Browser | undefined = browsers.analyst, kind = "yearly") =>
      call(api.app, "POST", `/api/v1/reports/${kind}`, { as, body });
    for (const [body, kind] of [
      [{ year: 2027 }, "yearly"],
      [{ year: 1999 }, "yearly"],
      [{ year: "2025" }, "yearly"],
      [{ year: 2025, month: 13 }, "monthly"],
      [{ year: 2026, month: 2 }, "monthly"],
      [{ year: 2025, colour: "red" }, "yearly"],
    ] as const) {
      const response = await post(body, browsers.analyst, kind);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /[а-я].* \/ .*[a-z]/,
      );
    }
    expect((await call(api.app, "POST", "/api/v1/reports/yearly", { body: { year: 2025 } })).status).toBe(
      401,
    );
    expect((await post({ year: 2025 }, browsers.editor)).status).toBe(403);
    expect((await call(api.app, "GET", `/api/v1/reports/${run.id}`, { as: browsers.executor })).status).toBe(
      403,
    );
    expect((await call(api.app, "GET", "/api/v1/reports/rep_unknown", { as: browsers.analyst })).status).toBe(
      404,
    );
    expect(
      (await call(api.app, "GET", `/api/v1/reports/${run.id}/files/pdf`, { as: browsers.analyst })).status,
    ).toBe(422);
  });
});
