import { isOtklikError, type OtklikError } from "@otklik/core";
import { ABAKAN_SLA_POLICY, abakanCalendars, evaluateSlaMetric, type IncidentEvent } from "@otklik/sla";
import { describe, expect, it } from "vitest";
import { incidentCreatedEvent, recordPublicReply } from "./facts.js";
import type { Actor, IncidentState } from "./states.js";
import { allowedCommands, transition } from "./transition.js";

const operator: Actor = { id: "usr_operator", role: "operator" };
const executor: Actor = { id: "usr_executor", role: "executor", departmentKey: "housing" };
const analyst: Actor = { id: "usr_analyst", role: "analyst" };
const at = (time: string): Date => new Date(`2026-03-02T${time}:00+07:00`);
const fresh: IncidentState = {
  status: "new",
  version: 0,
  departmentKey: null,
  resolution: null,
  firstPublicReplyAt: null,
};

function refusal(action: () => unknown): OtklikError {
  try {
    action();
  } catch (error) {
    if (isOtklikError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the happy path: new → assigned → in progress → resolved → closed", () => {
  it("walks through with a timeline event at every step", () => {
    const assigned = transition(fresh, { type: "assign", departmentKey: "housing" }, operator, at("10:00"));
    const started = transition(assigned.incident, { type: "start" }, executor, at("10:30"));
    const resolved = transition(
      started.incident,
      {
        type: "resolve",
        resolution: "fixed",
        comment: "Яма заделана",
        media: [{ kind: "photo", url: "s3://fix.jpg" }],
      },
      executor,
      at("15:00"),
    );
    const closed = transition(resolved.incident, { type: "close" }, operator, at("16:00"));
    expect(closed.incident).toMatchObject({
      status: "closed",
      version: 4,
      departmentKey: "housing",
      resolution: { kind: "fixed" },
    });
    expect(resolved.event).toMatchObject({
      from: "in_progress",
      to: "resolved",
      actorId: "usr_executor",
      comment: "Яма заделана",
    });
    expect(resolved.event.media).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("refuses an illegal transition and lists what is allowed, Russian first", () => {
    const error = refusal(() => transition(fresh, { type: "close" }, operator, at("10:00")));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(
      /^Нельзя «закрыть» обращение в статусе «новый»\. Доступно: «назначить», «перенаправить», «отклонить»\. \/ Cannot close/,
    );
  });

  it("refuses roles that may not move incidents", () => {
    expect(
      refusal(() => transition(fresh, { type: "assign", departmentKey: "housing" }, analyst, at("10:00")))
        .code,
    ).toBe("forbidden");
    expect(allowedCommands(fresh, analyst)).toEqual([]);
  });

  it("lets executors act only on their own department's incidents", () => {
    const elsewhere = transition(
      fresh,
      { type: "assign", departmentKey: "transport" },
      operator,
      at("10:00"),
    ).incident;
    expect(refusal(() => transition(elsewhere, { type: "start" }, executor, at("10:10"))).code).toBe(
      "forbidden",
    );
  });

  it("requires proof for a fix, but not for an explanation", () => {
    const working = { ...fresh, status: "in_progress" as const, departmentKey: "housing" };
    const noProof = refusal(() =>
      transition(
        working,
        { type: "resolve", resolution: "fixed", comment: "Сделано", media: [{ kind: "document", url: "x" }] },
        executor,
        at("11:00"),
      ),
    );
    expect(noProof.code).toBe("validation_failed");
    expect(noProof.message).toContain("фото, видео или акт");
    const withAct = transition(
      working,
      {
        type: "resolve",
        resolution: "fixed",
        comment: "Сделано",
        media: [{ kind: "acceptance-act", url: "act.pdf" }],
      },
      executor,
      at("11:00"),
    );
    expect(withAct.incident.status).toBe("resolved");
    const explained = transition(
      working,
      { type: "resolve", resolution: "explained", comment: "Ремонт по плану на 2027 год" },
      executor,
      at("11:00"),
    );
    expect(explained.incident.resolution).toEqual({ kind: "explained" });
  });

  it("requires the addressee when forwarding, and a comment where the table says so", () => {
    expect(
      refusal(() =>
        transition(fresh, { type: "forward", comment: "Не в компетенции" }, operator, at("10:00")),
      ).code,
    ).toBe("validation_failed");
    const forwarded = transition(
      fresh,
      { type: "forward", comment: "Не в компетенции", addressee: "Минздрав РХ" },
      operator,
      at("10:00"),
    );
    expect(forwarded.incident.resolution).toEqual({ kind: "forwarded", addressee: "Минздрав РХ" });
    expect(
      refusal(() => transition(fresh, { type: "reject", reason: "spam" }, operator, at("10:00"))).message,
    ).toContain("нужен комментарий");
  });

  it("refuses a command made against an older version (optimistic concurrency)", () => {
    const assigned = transition(
      fresh,
      { type: "assign", departmentKey: "housing", expectedVersion: 0 },
      operator,
      at("10:00"),
    );
    const stale = refusal(() =>
      transition(
        assigned.incident,
        { type: "assign", departmentKey: "transport", expectedVersion: 0 },
        operator,
        at("10:01"),
      ),
    );
    expect(stale.code).toBe("conflict");
  });
});

describe("reopening", () => {
  it("reopens a closed incident when the platform returns the answer for rework", () => {
    const closed: IncidentState = {
      ...fresh,
      status: "closed",
      version: 5,
      departmentKey: "housing",
      resolution: { kind: "explained" },
    };
    const reopened = transition(
      closed,
      { type: "reopen", source: "platform-rework", comment: "Возвращено на доработку" },
      operator,
      at("12:00"),
    );
    expect(reopened.incident).toMatchObject({ status: "reopened", resolution: null });
    expect(reopened.event.reopenSource).toBe("platform-rework");
    expect(reopened.slaEvents.map((event) => event.type)).toEqual(["reopened", "status-changed"]);
  });
});

describe("SLA clocks", () => {
  it("pause while waiting for the citizen and stop at the first public reply", () => {
    const calendars = abakanCalendars();
    const events: IncidentEvent[] = [
      incidentCreatedEvent({ at: at("10:00"), category: "roads", urgent: false }),
    ];
    const assigned = transition(fresh, { type: "assign", departmentKey: "housing" }, operator, at("10:05"));
    const reply = recordPublicReply(assigned.incident, at("10:40"));
    const waiting = transition(
      reply.incident,
      { type: "request-information", comment: "Уточните номер дома" },
      operator,
      at("11:00"),
    );
    const resumed = transition(waiting.incident, { type: "resume" }, operator, at("13:00"));
    events.push(...assigned.slaEvents, ...reply.slaEvents, ...waiting.slaEvents, ...resumed.slaEvents);
    const now = at("14:00");
    const firstReply = evaluateSlaMetric({
      policy: ABAKAN_SLA_POLICY,
      metric: "first-reply",
      events,
      now,
      calendars,
    });
    expect(firstReply.state).toBe("met");
    const answer = evaluateSlaMetric({
      policy: ABAKAN_SLA_POLICY,
      metric: "platform-answer",
      events,
      now,
      calendars,
    });
    expect(answer.pausedMinutes).toBeGreaterThan(0);
    expect(reply.incident.firstPublicReplyAt).toEqual(at("10:40"));
    expect(recordPublicReply(reply.incident, at("12:00")).incident.firstPublicReplyAt).toEqual(at("10:40"));
  });
});
