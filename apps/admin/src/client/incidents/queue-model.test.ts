import { describe, expect, it } from "vitest";
import { type IncidentSummary, QUEUE_ROW_FIELDS, type QueueRow, toQueueRow } from "../api/incidents.js";
import {
  apiQuery,
  applyLiveChanges,
  cityDay,
  compareQueueOrder,
  currentView,
  deadline,
  dropRows,
  filterFromSearch,
  formatSpan,
  matchesApiQuery,
  matchesClientFilter,
  needsMorePages,
  savedViewFilter,
  searchFromFilter,
  settleAll,
  startOfDay,
} from "./queue-model.js";

const KRASNOYARSK = "Asia/Krasnoyarsk";
const NOW = Date.parse("2026-11-27T03:00:00Z"); // 10:00 in Abakan

function incident(overrides: Partial<IncidentSummary>): IncidentSummary {
  return {
    id: "inc_1",
    number: "2026-000001",
    channel: "platform",
    sourceNetwork: "vk",
    text: "Яма",
    category: "roads",
    categoryConfidence: 0.9,
    categoryConfirmed: false,
    departmentId: null,
    assigneeId: null,
    urgent: false,
    status: "new",
    version: 1,
    address: null,
    location: null,
    onMap: false,
    dueAt: null,
    slaState: "running",
    createdAt: "2026-11-27T02:00:00Z",
    receivedAt: "2026-11-27T02:00:00Z",
    sentAt: null,
    firstPublicReplyAt: null,
    mergedIntoId: null,
    updatedAt: "2026-11-27T02:00:00Z",
    ...overrides,
  };
}

describe("the queue's filter", () => {
  it("round-trips through the address bar and drops what is malformed", () => {
    const filter = {
      status: "new",
      departmentId: "dep_1",
      q: "яма",
      from: "2026-11-01",
      to: "2026-11-30",
      dueWithinHour: true,
    };
    const search = new URLSearchParams(searchFromFilter(filter));
    expect(filterFromSearch(search)).toEqual(filter);
    expect(filterFromSearch(new URLSearchParams("from=yesterday&due=soon&status=%20%20"))).toEqual({});
  });

  it("sends the API only what it understands; «due within the hour» asks for running clocks", () => {
    expect(apiQuery({ category: "roads", from: "2026-11-01", dueWithinHour: true })).toEqual({
      status: undefined,
      departmentId: undefined,
      category: "roads",
      channel: undefined,
      slaState: "running",
      q: undefined,
    });
  });

  it("reads a period on the city's calendar, not the browser's", () => {
    // Midnight in Abakan is 17:00 UTC the day before.
    expect(startOfDay("2026-11-27", KRASNOYARSK).toISOString()).toBe("2026-11-26T17:00:00.000Z");
    expect(startOfDay("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(cityDay(new Date("2026-11-26T17:30:00Z"), KRASNOYARSK)).toBe("2026-11-27");
    const lateEvening = incident({ receivedAt: "2026-11-26T16:59:00Z" }); // 23:59 on the 26th in Abakan
    const filter = { from: "2026-11-27", to: "2026-11-27" };
    expect(matchesClientFilter(lateEvening, filter, NOW, KRASNOYARSK)).toBe(false);
    expect(
      matchesClientFilter(incident({ receivedAt: "2026-11-26T17:00:00Z" }), filter, NOW, KRASNOYARSK),
    ).toBe(true);
    expect(
      matchesClientFilter(incident({ receivedAt: "2026-11-27T16:59:59Z" }), filter, NOW, KRASNOYARSK),
    ).toBe(true);
    expect(
      matchesClientFilter(incident({ receivedAt: "2026-11-27T17:00:00Z" }), filter, NOW, KRASNOYARSK),
    ).toBe(false);
  });

  it("keeps only running deadlines within the next hour, and reads pages until they pass the hour", () => {
    const filter = { dueWithinHour: true };
    const in30 = incident({ dueAt: new Date(NOW + 30 * 60_000).toISOString() });
    const in90 = incident({ dueAt: new Date(NOW + 90 * 60_000).toISOString() });
    const passed = incident({ dueAt: new Date(NOW - 60_000).toISOString() });
    const paused = incident({ dueAt: new Date(NOW + 10 * 60_000).toISOString(), slaState: "paused" });
    expect(
      [in30, in90, passed, paused].map((row) => matchesClientFilter(row, filter, NOW, KRASNOYARSK)),
    ).toEqual([true, false, false, false]);
    expect(needsMorePages(filter, [in30], NOW)).toBe(true);
    expect(needsMorePages(filter, [in30, in90], NOW)).toBe(false);
    expect(needsMorePages({ from: "2026-11-01" }, [in30, in90], NOW)).toBe(true);
    expect(needsMorePages({ status: "new" }, [in30], NOW)).toBe(false);
  });

  it("offers the ready-made views and recognises them", () => {
    expect(savedViewFilter("my-department", "dep_7")).toEqual({ departmentId: "dep_7" });
    expect(savedViewFilter("breached", null)).toEqual({ slaState: "breached" });
    expect(currentView({ dueWithinHour: true }, "dep_7")).toBe("due-next-hour");
    expect(currentView({ departmentId: "dep_7" }, "dep_7")).toBe("my-department");
    expect(currentView({ departmentId: "dep_7", status: "new" }, "dep_7")).toBeUndefined();
  });
});

describe("the live countdown", () => {
  it("colours each deadline by its state", () => {
    const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
    expect(deadline({ dueAt: at(125), slaState: "running" }, NOW)).toEqual({ tone: "running", minutes: 125 });
    expect(deadline({ dueAt: at(45), slaState: "running" }, NOW)).toEqual({ tone: "soon", minutes: 45 });
    expect(deadline({ dueAt: at(-3), slaState: "running" }, NOW)).toEqual({ tone: "breached", minutes: -3 });
    expect(deadline({ dueAt: at(30), slaState: "breached" }, NOW).tone).toBe("breached");
    expect(deadline({ dueAt: at(30), slaState: "paused" }, NOW)).toEqual({ tone: "paused", minutes: null });
    expect(deadline({ dueAt: null, slaState: "met" }, NOW)).toEqual({ tone: "met", minutes: null });
    expect(deadline({ dueAt: null, slaState: "running" }, NOW)).toEqual({ tone: "none", minutes: null });
  });

  it("writes the two largest units, in both languages", () => {
    expect(formatSpan(2 * 86_400 + 3 * 3600 + 59, "ru")).toBe("2 д 03 ч");
    expect(formatSpan(3600 + 5 * 60 + 7, "ru")).toBe("1 ч 05 мин");
    expect(formatSpan(4 * 60 + 9, "en")).toBe("4 min 09 s");
    expect(formatSpan(-5, "en")).toBe("0 min 00 s");
  });
});

describe("bulk work", () => {
  it("runs at most N at once and reports every outcome in order", async () => {
    let running = 0;
    let most = 0;
    const outcomes = await settleAll([1, 2, 3, 4, 5, 6, 7], 3, async (value) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      if (value % 3 === 0) throw new Error(`no ${value}`);
      return value * 10;
    });
    expect(most).toBe(3);
    expect(outcomes.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : "failed"))).toEqual([
      10,
      20,
      "failed",
      40,
      50,
      "failed",
      70,
    ]);
  });
});

describe("the queue's rows", () => {
  it("keep what the table, the filters, the order and the bulk assignment read, and nothing else", () => {
    const full = incident({
      id: "inc_9",
      number: "2026-000009",
      dueAt: "2026-11-27T04:00:00Z",
      departmentId: "dep_roads",
      urgent: true,
      version: 3,
      address: "ул. Ленина, 1",
      location: { lat: 53.72, lon: 91.44 },
    });
    const row = toQueueRow(full);
    expect(Object.keys(row).sort()).toEqual([...QUEUE_ROW_FIELDS].sort());
    expect(row).toMatchObject({ id: "inc_9", number: "2026-000009", urgent: true, version: 3 });
    expect("location" in row || "address" in row).toBe(false);
    // A row sorts, filters and counts down as the incident it was cut from.
    expect(compareQueueOrder(row, full)).toBe(0);
    expect(matchesApiQuery(row, { departmentId: "dep_roads" })).toBe(true);
    expect(deadline(row, NOW)).toEqual(deadline(full, NOW));
  });
});

describe("applyLiveChanges", () => {
  const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
  const row = (id: string, dueInMinutes: number | null, extra: Partial<IncidentSummary> = {}) =>
    incident({ id, dueAt: dueInMinutes === null ? null : at(dueInMinutes), ...extra });
  const ids = (pages: { items: QueueRow[] }[]) => pages.map((page) => page.items.map((item) => item.id));

  const pages = [
    { items: [row("inc_a", 10), row("inc_b", 20)], nextCursor: "c1" },
    { items: [row("inc_c", 30), row("inc_d", 40)], nextCursor: "c2" },
  ];

  it("inserts a new incident where the API sorts it, and leaves other pages as they were", () => {
    const next = applyLiveChanges(pages, [row("inc_new", 25)], {});
    expect(ids(next)).toEqual([
      ["inc_a", "inc_b", "inc_new"],
      ["inc_c", "inc_d"],
    ]);
    expect(next[1]).toBe(pages[1]);
    expect(ids(applyLiveChanges(pages, [row("inc_new", 35)], {}))[1]).toEqual(["inc_c", "inc_new", "inc_d"]);
  });

  it("replaces a changed row in place and moves it when its deadline moved", () => {
    const changed = applyLiveChanges(pages, [row("inc_b", 20, { status: "assigned" })], {});
    expect(ids(changed)).toEqual(ids(pages));
    expect(changed[0]?.items[1]?.status).toBe("assigned");
    const moved = applyLiveChanges(pages, [row("inc_a", 35)], {});
    expect(ids(moved)).toEqual([["inc_b"], ["inc_c", "inc_a", "inc_d"]]);
    expect(ids(applyLiveChanges(pages, [row("inc_c", 15)], {}))).toEqual([
      ["inc_a", "inc_c", "inc_b"],
      ["inc_d"],
    ]);
  });

  it("leaves a row whose place is past what is loaded to its page, but places it when all is loaded", () => {
    expect(ids(applyLiveChanges(pages, [row("inc_late", 90)], {}))).toEqual(ids(pages));
    const complete = [{ items: [row("inc_a", 10)], nextCursor: null }];
    expect(ids(applyLiveChanges(complete, [row("inc_late", null)], {}))).toEqual([["inc_a", "inc_late"]]);
    expect(ids(applyLiveChanges([], [row("inc_first", 5)], {}))).toEqual([]);
  });

  it("removes a row that left the filter or was merged, and never adds one outside it", () => {
    const housing = { departmentId: "dep_housing" };
    const mine = [{ items: [row("inc_a", 10, housing), row("inc_b", 20, housing)], nextCursor: null }];
    const rerouted = applyLiveChanges(mine, [row("inc_a", 10, { departmentId: "dep_roads" })], housing);
    expect(ids(rerouted)).toEqual([["inc_b"]]);
    expect(ids(applyLiveChanges(mine, [row("inc_x", 1, { departmentId: "dep_roads" })], housing))).toEqual([
      ["inc_a", "inc_b"],
    ]);
    expect(
      ids(applyLiveChanges(mine, [row("inc_b", 20, { ...housing, mergedIntoId: "inc_a" })], housing)),
    ).toEqual([["inc_a"]]);
  });

  it("drops the rows of incidents gone from what the person sees, and keeps the pages without them", () => {
    const next = dropRows(pages, new Set(["inc_c", "inc_unloaded"]));
    expect(ids(next)).toEqual([["inc_a", "inc_b"], ["inc_d"]]);
    expect(next[0]).toBe(pages[0]);
    expect(next[1]?.nextCursor).toBe("c2");
    expect(ids(dropRows(pages, new Set()))).toEqual(ids(pages));
  });

  it("with a text search, updates the rows it has but adds none (the browser cannot match the words)", () => {
    const found = [{ items: [row("inc_a", 10)], nextCursor: null }];
    expect(ids(applyLiveChanges(found, [row("inc_new", 5)], { q: "яма" }))).toEqual([["inc_a"]]);
    const updated = applyLiveChanges(found, [row("inc_a", 10, { status: "in_progress" })], { q: "яма" });
    expect(updated[0]?.items[0]?.status).toBe("in_progress");
  });

  it("applies a burst of changes as if one by one: the queue ends in the API's order, each incident once", () => {
    // A seeded pseudo-random queue of 3 loaded pages (the last incomplete) and bursts of changes to it: some
    // rows move, some are new, some leave the filter, some change twice. Whatever the burst, the loaded rows
    // stay in the queue's order, hold each incident once, carry its last change, and keep every row they had
    // that did not change.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const due = () => (random() < 0.1 ? null : Math.floor(random() * 600));
    const housing = { departmentId: "dep_housing" };
    const rows = Array.from({ length: 90 }, (_, index) =>
      row(`inc_${String(index).padStart(3, "0")}`, due(), housing),
    ).sort(compareQueueOrder);
    const loaded = [
      { items: rows.slice(0, 30), nextCursor: "c1" },
      { items: rows.slice(30, 60), nextCursor: "c2" },
      { items: rows.slice(60, 75), nextCursor: "c3" },
    ];
    for (let burst = 0; burst < 20; burst += 1) {
      const changes = Array.from({ length: 1 + Math.floor(random() * 40) }, () => {
        const id = `inc_${String(Math.floor(random() * 120)).padStart(3, "0")}`;
        return row(id, due(), random() < 0.15 ? { departmentId: "dep_roads" } : housing);
      });
      const next = applyLiveChanges(loaded, changes, housing);
      const flat = next.flatMap((page) => page.items);
      expect([...flat].sort(compareQueueOrder)).toEqual(flat);
      expect(new Set(flat.map((item) => item.id)).size).toBe(flat.length);
      const last = new Map(changes.map((change) => [change.id, change]));
      // The last loaded row that did not change: a change that sorts before it is within what is loaded.
      const edge = loaded
        .flatMap((page) => page.items)
        .filter((item) => !last.has(item.id))
        .at(-1) as IncidentSummary;
      for (const item of flat) if (last.has(item.id)) expect(item).toBe(last.get(item.id));
      for (const change of last.values()) {
        const belongs = change.departmentId === "dep_housing" && compareQueueOrder(change, edge) < 0;
        if (belongs) expect(flat).toContain(change);
        if (change.departmentId !== "dep_housing") expect(flat).not.toContain(change);
      }
      for (const item of loaded.flatMap((page) => page.items))
        if (!last.has(item.id)) expect(flat).toContain(item);
    }
  });
});
