import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, type MailMessage, type Role } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentContext } from "../context.js";
import { contentMigrations } from "../migrations.js";
import {
  answerInformationRequest,
  deferInformationRequest,
  listInformationRequests,
  registerInformationRequest,
} from "./information-requests.js";
import {
  accreditJournalist,
  journalistPersonalData,
  listJournalists,
  revokeAccreditation,
} from "./journalists.js";
import { sendPressRelease } from "./press-releases.js";

const editor = {
  kind: "user" as const,
  userId: "usr_editor",
  roles: ["editor"] as Role[],
  departmentId: null,
  sessionId: null,
  address: null,
};
const DAY = 86_400_000;

describe.each(testBackends())("media relations on %s", (backend) => {
  let db: TestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let context: ContentContext;

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, contentMigrations] });
    clock = manualClock("2026-11-27T02:00:00Z");
    context = { db, clock: clock as Clock, actor: editor };
  });
  afterAll(() => db?.close());

  it("e-mails a press release to journalists accredited today, one letter each", async () => {
    const active = await accreditJournalist(context, {
      fullName: "Сидорова Анна",
      outlet: "Хакасия ТВ",
      email: "anna@tv.example",
      accreditedUntil: "2027-12-31",
    });
    await accreditJournalist(context, {
      fullName: "Кузнецов Олег",
      outlet: "Шанс",
      email: "oleg@shans.example",
      accreditedUntil: "2026-01-31",
    });
    const revoked = await accreditJournalist(context, {
      fullName: "Ким Юрий",
      outlet: "Абакан 24",
      email: "yuri@a24.example",
      accreditedUntil: "2027-12-31",
    });
    await revokeAccreditation(context, revoked.id, { reason: "По заявлению редакции" });
    const failing = await accreditJournalist(context, {
      fullName: "Орлов Пётр",
      outlet: "Пульс",
      email: "broken@pulse.example",
      accreditedUntil: "2027-06-30",
    });
    expect(
      (await listJournalists(context, { activeOnly: true })).map((journalist) => journalist.id).sort(),
    ).toEqual([active.id, failing.id].sort());

    const mail: MailMessage[] = [];
    const release = await sendPressRelease(
      context,
      {
        subject: "Пресс-релиз: паводок",
        body: "**Уровень воды** в реке Абакан снижается. <script>x</script>",
      },
      async (message) => {
        if (message.to.startsWith("broken")) throw new Error("550 mailbox unavailable");
        mail.push(message);
      },
    );
    expect(release).toMatchObject({
      recipients: 2,
      delivered: 1,
      failures: [{ journalistId: failing.id, error: "550 mailbox unavailable" }],
    });
    expect(mail.map((message) => message.to)).toEqual(["anna@tv.example"]);
    expect(mail[0]!.html).toContain("<strong>Уровень воды</strong>");
    expect(mail[0]!.html).not.toContain("<script>");
  });

  it("keeps the Mass Media Law deadlines: answer in 7 days, deferral notice in 3", async () => {
    const request = await registerInformationRequest(context, {
      outlet: "Хакасия ТВ",
      subject: "Ремонт моста",
      text: "Когда откроют мост?",
    });
    expect(request.answerDueAt).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
    expect(request.deferralDueAt).toBe(new Date(clock.now().getTime() + 3 * DAY).toISOString());
    const late = await registerInformationRequest(context, {
      outlet: "Шанс",
      subject: "Бюджет",
      text: "Сколько потрачено?",
    });

    clock.advance(2 * DAY);
    await expect(
      deferInformationRequest(context, request.id, {
        until: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
        reason: "Нужны данные",
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const deferred = await deferInformationRequest(context, request.id, {
      until: new Date(clock.now().getTime() + 14 * DAY).toISOString(),
      reason: "Сведения готовит подрядчик",
    });
    expect(deferred.state).toBe("deferred");

    clock.advance(2 * DAY);
    await expect(
      deferInformationRequest(context, late.id, {
        until: new Date(clock.now().getTime() + 14 * DAY).toISOString(),
        reason: "Поздно",
      }),
    ).rejects.toMatchObject({ code: "conflict" });

    clock.advance(4 * DAY);
    const open = await listInformationRequests(context, { open: "true" });
    expect(open.map((item) => [item.id, item.overdue])).toEqual([
      [late.id, true],
      [request.id, false],
    ]);
    const answered = await answerInformationRequest(context, late.id, { answer: "Потрачено 12 млн рублей" });
    expect(answered).toMatchObject({ state: "answered", overdue: false });
    await expect(answerInformationRequest(context, late.id, { answer: "Ещё раз" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("exports and erases a journalist's personal data", async () => {
    const personal = { db, clock: clock as Clock };
    expect(await journalistPersonalData.export({ email: "anna@tv.example" }, personal)).toHaveLength(1);
    expect(await journalistPersonalData.erase({ email: "anna@tv.example" }, personal)).toBe(1);
    expect(await journalistPersonalData.export({ email: "anna@tv.example" }, personal)).toHaveLength(0);
  });
});
