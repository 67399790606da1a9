import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideInboxItem, listInbox, receiveSocialEvent } from "../intake/inbox.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { catchUpSlaDeadlines, checkSlaDeadlines } from "../sla/sla-jobs.js";
import { loadClassifierModel } from "../storage/classifier-store.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { applyLifecycleCommand } from "./change-status.js";
import { decideCategory } from "./classify-incident.js";
import { mergeIncidents } from "./merge-incidents.js";
import { getIncident, incidentStats, listIncidents, trackIncident } from "./read-incidents.js";
import { addInternalNote, replyToIncident } from "./reply-to-incident.js";

let counter = 0;
async function newIncident(world: DeskWorld, text: string): Promise<string> {
  counter += 1;
  const { incidentId } = await receivePlatformIncident(world.system, {
    type: "incident",
    id: `desk-${counter}`,
    createdAt: world.clock.now().toISOString(),
    text,
    source: { network: "vk", authorName: `Житель ${counter}` },
  });
  return incidentId;
}

describe.each(testBackends())("the incident desk on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
  });
  afterAll(() => db.close());

  it("walks the lifecycle and refuses illegal moves, stale versions and other departments", async () => {
    const id = await newIncident(world, "Во дворе дома не вывозят мусор уже неделю");
    await expect(applyLifecycleCommand(world.operator, id, { type: "close" })).rejects.toMatchObject({
      code: "conflict",
    });
    const assigned = await applyLifecycleCommand(world.operator, id, {
      type: "assign",
      departmentKey: world.departments.housing,
      expectedVersion: 1,
    });
    expect(assigned.status).toBe("assigned");
    await expect(
      applyLifecycleCommand(world.operator, id, { type: "start", expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(applyLifecycleCommand(world.otherExecutor, id, { type: "start" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getIncident(world.otherExecutor, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(applyLifecycleCommand(world.analyst, id, { type: "start" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await applyLifecycleCommand(world.executor, id, { type: "start" });
    await expect(
      applyLifecycleCommand(world.executor, id, { type: "resolve", resolution: "fixed", comment: "Вывезли" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const resolved = await applyLifecycleCommand(world.executor, id, {
      type: "resolve",
      resolution: "fixed",
      comment: "Вывезли",
      media: [{ kind: "photo", url: "https://example.test/a.jpg" }],
    });
    expect(resolved.status).toBe("resolved");
    const closed = await applyLifecycleCommand(world.operator, id, { type: "close" });
    expect(closed.status).toBe("closed");
    const detail = await getIncident(world.head, id);
    expect(detail.timeline.map((entry) => entry.kind)).toEqual([
      "created",
      "status-changed",
      "status-changed",
      "status-changed",
      "status-changed",
    ]);
    expect(detail.sla.map((metric) => metric.metric)).toEqual([
      "first-reply",
      "platform-answer",
      "resolution",
    ]);
    const executorQueue = await listIncidents(world.otherExecutor, {});
    expect(executorQueue.items.map((item) => item.id)).not.toContain(id);
  });

  it("checks replies, sends despite warnings only with force, and never twice for one key", async () => {
    const id = await newIncident(world, "Яма на дороге возле школы");
    const vague = await replyToIncident(world.operator, id, {
      text: "Здравствуйте! Ваше обращение передано в работу.",
    });
    expect(vague.accepted).toBe(false);
    expect(vague.warnings.length).toBeGreaterThan(0);
    const forced = await replyToIncident(world.operator, id, {
      text: "Здравствуйте! Ваше обращение передано в работу.",
      force: true,
      idempotencyKey: "reply-key-1",
    });
    expect(forced.accepted).toBe(true);
    const again = await replyToIncident(world.operator, id, {
      text: "Здравствуйте! Ваше обращение передано в работу.",
      force: true,
      idempotencyKey: "reply-key-1",
    });
    expect(again.reply?.id).toBe(forced.reply?.id);
    const note = await addInternalNote(world.executor, await newIncident(world, "Нет горячей воды в доме"), {
      text: "Проверим",
    });
    expect(note.visibility).toBe("internal");
    const detail = await getIncident(world.operator, id);
    expect(detail.replies).toHaveLength(1);
    expect(detail.firstPublicReplyAt).not.toBeNull();
    expect(detail.sla.find((metric) => metric.metric === "first-reply")?.state).toBe("met");
    await expect(replyToIncident(world.executor, id, { text: "x", force: true })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(replyToIncident(world.otherExecutor, id, { text: "x", force: true })).rejects.toMatchObject({
      code: "not_found",
    });
    const tracked = await trackIncident(world.system, detail.trackingToken);
    expect(tracked.replies.map((reply) => reply.text)).toEqual([
      "Здравствуйте! Ваше обращение передано в работу.",
    ]);
    expect(JSON.stringify(tracked)).not.toContain("Житель");
  });

  it("learns from category corrections, merges duplicates keeping every reporter, searches in Russian", async () => {
    const first = await newIncident(world, "На остановке Торговая сломана скамейка");
    const second = await newIncident(world, "На остановке сломана скамейка, починить");
    const before = await loadClassifierModel(db);
    await decideCategory(world.operator, first, { category: "transport" });
    const after = await loadClassifierModel(db);
    expect(after).not.toEqual(before);
    const kept = await mergeIncidents(world.operator, first, { duplicateIds: [second] });
    expect(kept.id).toBe(first);
    const detail = await getIncident(world.operator, first);
    expect(detail.reporters).toHaveLength(2);
    const found = await listIncidents(world.operator, { q: "скамейки" });
    expect(found.items.map((item) => item.id)).toEqual([first]);
    const page = await listIncidents(world.operator, { limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await listIncidents(world.operator, { limit: 2, cursor: page.nextCursor ?? "" });
    expect(next.items.map((item) => item.id)).not.toContain(page.items[0]?.id);
    const stats = await incidentStats(world.analyst);
    expect(stats.total).toBeGreaterThan(0);
    expect(stats.byChannel.platform).toBe(stats.total);
  });

  it("keeps social items in the inbox, joins thread replies to the open incident, decides the rest", async () => {
    const base = {
      kind: "comment" as const,
      platform: "vk" as const,
      attachments: [],
      occurredAt: world.clock.now().toISOString(),
      conversationId: "post-1",
      author: { id: "42", name: "Пётр" },
    };
    const first = await receiveSocialEvent(world.system, {
      ...base,
      action: "created",
      externalId: "c-1",
      text: "Во дворе по Ленина 5 нет света",
    });
    expect(first.incidentId).toBeNull();
    await receiveSocialEvent(world.system, {
      ...base,
      action: "created",
      externalId: "c-1",
      text: "Во дворе по Ленина 5 нет света",
    });
    const inbox = await listInbox(world.operator, {});
    expect(inbox.items).toHaveLength(1);
    const decided = await decideInboxItem(world.operator, first.inboxItemId ?? "", { decision: "incident" });
    expect(decided.incidentId).not.toBeNull();
    const reply = await receiveSocialEvent(world.system, {
      ...base,
      action: "created",
      externalId: "c-2",
      text: "Так и не включили",
    });
    expect(reply.incidentId).toBe(decided.incidentId);
    await expect(
      decideInboxItem(world.operator, first.inboxItemId ?? "", { decision: "dismissed", reason: "spam" }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(listInbox(world.executor, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("announces each SLA warning and breach once, also across a restart's catch-up", async () => {
    const id = await newIncident(world, "Не убран снег на тротуаре");
    world.clock.advance(3 * 3600 * 1000);
    const count = async (event: string) =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM event_outbox WHERE event = $1 AND payload->>'incidentId' = $2",
          [event, id],
        )
      )[0]?.n;
    await checkSlaDeadlines(world.system, id);
    expect(await count("incidents.sla_breach_due")).toBe(1);
    const warnings = await count("incidents.sla_warning_due");
    expect(warnings).toBeGreaterThan(0);
    // Each notice names the incident by its registration number (a subscriber may not have seen its creation).
    const { number } = await getIncident(world.system, id);
    const numbers = await db.query<{ number: string | null }>(
      "SELECT payload->>'number' AS number FROM event_outbox WHERE event LIKE 'incidents.sla_%' AND payload->>'incidentId' = $1",
      [id],
    );
    expect(numbers.map((row) => row.number)).toEqual(numbers.map(() => number));
    await checkSlaDeadlines(world.system, id);
    await catchUpSlaDeadlines(world.system);
    expect(await count("incidents.sla_breach_due")).toBe(1);
    expect(await count("incidents.sla_warning_due")).toBe(warnings);
  });
});
