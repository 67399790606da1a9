import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { getIncident } from "../desk/read-incidents.js";
import { replyToIncident } from "../desk/reply-to-incident.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { slaSettings } from "../sla/sla-evaluation.js";
import { type DeskWorld, deskWorld, MIGRATIONS, START } from "../testing/world.js";
import {
  answerDepartmentRequest,
  listDepartmentRequests,
  listRequestsForDepartment,
  requestDepartmentAnswer,
} from "./department-requests.js";
import { FALLBACK_WORKING_MINUTES, requestDueTime } from "./request-due-time.js";

describe("the due time of a department request", () => {
  it("falls back to half a working day of the office calendar when no substance deadline runs", () => {
    const due = requestDueTime(slaSettings({}), { metrics: [], nextChangeAt: null }, new Date(START));
    // Friday 10:00 in Abakan + 240 working minutes (10–12, 13–15) = Friday 15:00 (+07).
    expect(FALLBACK_WORKING_MINUTES).toBe(240);
    expect(due).toEqual({ dueAt: new Date("2026-11-27T08:00:00Z"), slaMetric: null, slaDueAt: null });
  });
});

let counter = 0;

describe.each(testBackends())("asking the department on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
  });
  afterAll(() => db.close());

  async function housingIncident(
    text = "Во дворе дома на Ленина не вывозят мусор уже неделю",
  ): Promise<string> {
    counter += 1;
    const { incidentId } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: `dept-${backend}-${counter}`,
      createdAt: world.clock.now().toISOString(),
      text,
      source: { network: "vk", authorName: "Житель" },
    });
    await applyLifecycleCommand(world.operator, incidentId, {
      type: "assign",
      departmentKey: world.departments.housing,
    });
    return incidentId;
  }

  const outbox = async (event: string, requestId: string) =>
    db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM event_outbox WHERE event = $1 AND payload->>'requestId' = $2",
      [event, requestId],
    );

  it("asks with a due time half-way to the platform's answer deadline, tells the department, takes one answer", async () => {
    world.clock.set(START);
    const id = await housingIncident();
    const { request, created } = await requestDepartmentAnswer(world.operator, id, {
      question: "Когда вывезут мусор во дворе? Нужен срок и что сделано.",
      idempotencyKey: `ask-${backend}-1`,
    });
    expect(created).toBe(true);
    // Platform's answer: 540 working minutes of the office calendar from Friday 10:00 → Monday 11:00.
    // The department gets half of them, 270: Friday 10–12 and 13:00–15:30.
    expect(request).toMatchObject({
      status: "open",
      departmentId: world.departments.housing,
      slaMetric: "platform-answer",
      slaDueAt: "2026-11-30T04:00:00.000Z",
      dueAt: "2026-11-27T08:30:00.000Z",
      overdue: false,
    });
    const again = await requestDepartmentAnswer(world.operator, id, {
      question: "Когда вывезут мусор во дворе? Нужен срок и что сделано.",
      idempotencyKey: `ask-${backend}-1`,
    });
    expect(again).toMatchObject({ created: false, request: { id: request.id } });
    const [event] = await outbox("incidents.department_requested", request.id);
    expect(event?.payload).toMatchObject({
      incidentId: id,
      departmentId: world.departments.housing,
      dueAt: request.dueAt,
      requestedBy: "usr_operator",
    });

    const queue = await listRequestsForDepartment(world.executor, { status: "open" });
    expect(queue.items.map((item) => item.id)).toContain(request.id);
    const elsewhere = await listRequestsForDepartment(world.otherExecutor, {});
    expect(elsewhere.items.map((item) => item.id)).not.toContain(request.id);

    await expect(
      answerDepartmentRequest(world.otherExecutor, id, request.id, { answer: "Не наше" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      answerDepartmentRequest(world.operator, id, request.id, { answer: "Вывезем завтра" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      answerDepartmentRequest(world.executor, id, request.id, { answer: "" }),
    ).rejects.toMatchObject({ code: "validation_failed" });

    world.clock.advance(60 * 60_000);
    const [first, second] = await Promise.allSettled([
      answerDepartmentRequest(world.executor, id, request.id, {
        answer: "Мусор вывезут 28 ноября до 12:00, подрядчик предупреждён.",
        attachments: [{ kind: "photo", url: "https://example.test/plan.jpg" }],
      }),
      answerDepartmentRequest(world.head, id, request.id, { answer: "Вывезем на следующей неделе." }),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(second).toMatchObject({ status: "rejected", reason: { code: "conflict" } });
    const answered = first.status === "fulfilled" ? first.value : undefined;
    expect(answered).toMatchObject({ status: "answered", answeredBy: "usr_executor", answeredLate: false });
    const [answerEvent] = await outbox("incidents.department_answered", request.id);
    expect(answerEvent?.payload).toMatchObject({ requestedBy: "usr_operator", overdue: false });

    const detail = await getIncident(world.operator, id);
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(["department-request", "department-answer"]),
    );
    expect(detail.replyDraft).toEqual({
      requestId: request.id,
      text: "Мусор вывезут 28 ноября до 12:00, подрядчик предупреждён.",
      attachments: [{ kind: "photo", url: "https://example.test/plan.jpg" }],
    });

    const outcome = await replyToIncident(world.operator, id, {
      text: `Здравствуйте! ${detail.replyDraft?.text}`,
      departmentRequestId: request.id,
    });
    expect(outcome.accepted).toBe(true);
    const after = await getIncident(world.operator, id);
    expect(after.replyDraft).toBeNull();
    expect(after.departmentRequests[0]?.replyId).toBe(outcome.reply?.id);
    expect(after.timeline.find((entry) => entry.kind === "reply")?.data).toMatchObject({
      departmentRequestId: request.id,
    });
  });

  it("shows open requests past their due time as overdue, in the detail and the department's queue", async () => {
    world.clock.set(START);
    const id = await housingIncident("Яма во дворе дома на Ленина, колесо пробил");
    const { request } = await requestDepartmentAnswer(world.operator, id, {
      question: "Когда заделают яму?",
    });
    await expect(
      replyToIncident(world.operator, id, {
        text: "Яму заделают до 1 декабря.",
        departmentRequestId: request.id,
        force: true,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    world.clock.set(new Date(new Date(request.dueAt).getTime() + 60_000));
    const detail = await getIncident(world.head, id);
    expect(detail.overdueDepartmentRequests).toBe(1);
    expect(detail.departmentRequests[0]).toMatchObject({ id: request.id, overdue: true });
    const overdue = await listRequestsForDepartment(world.head, { overdue: "true" });
    expect(overdue.items.map((item) => item.id)).toContain(request.id);
    const late = await answerDepartmentRequest(world.head, id, request.id, {
      answer: "Яму заделают до 1 декабря, материал заказан.",
    });
    expect(late).toMatchObject({ overdue: false, answeredLate: true });
    const still = await listRequestsForDepartment(world.head, { overdue: "true" });
    expect(still.items.map((item) => item.id)).not.toContain(request.id);
    expect((await listDepartmentRequests(world.operator, id)).map((item) => item.status)).toEqual([
      "answered",
    ]);
  });

  it("refuses requests on finished incidents, bad input and people without the permission", async () => {
    world.clock.set(START);
    const id = await housingIncident("Спам спам спам купите");
    await expect(requestDepartmentAnswer(world.operator, id, { question: "" })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: ["question"] }],
    });
    await expect(requestDepartmentAnswer(world.executor, id, { question: "Что там?" })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    await expect(
      requestDepartmentAnswer(world.operator, "inc_missing", { question: "Что там?" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await applyLifecycleCommand(world.operator, id, { type: "reject", reason: "spam", comment: "Реклама" });
    await expect(requestDepartmentAnswer(world.operator, id, { question: "Что там?" })).rejects.toMatchObject(
      {
        code: "conflict",
      },
    );
  });
});
