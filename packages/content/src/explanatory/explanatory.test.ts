import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, type Role, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentContext } from "../context.js";
import { contentMigrations } from "../migrations.js";
import { createPublisher } from "../publication/publishers.js";
import { updatePublication } from "../publication/update-publication.js";
import {
  approvePublication,
  archivePublication,
  publishPublication,
  submitPublication,
  unpublishPublication,
} from "../workflow/transition.js";
import {
  draftFromExplanationRequest,
  explanatoryMaterialsForTopics,
  explanatoryReplies,
} from "./explanation-requests.js";

const editor = {
  kind: "user" as const,
  userId: "usr_editor",
  roles: ["editor"] as Role[],
  departmentId: null,
  sessionId: null,
  address: null,
};
const HEATING = "включ отоплен холодн";
const SITE = "https://abakan.example/";

describe.each(testBackends())("explanatory materials from incidents on %s", (backend) => {
  let db: TestDatabase;
  let context: ContentContext;
  let subscriber: ContentContext;
  const request = (eventId: string, topic = HEATING) => ({
    eventId,
    topic,
    title: "Когда включат отопление",
    questions: ["Когда включат отопление? В квартирах холодно", "Почему до сих пор не включили отопление?"],
    requestedBy: "usr_operator",
  });

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, contentMigrations] });
    const clock = manualClock("2026-11-27T02:00:00Z") as Clock;
    context = { db, clock, actor: editor };
    subscriber = { db, clock, actor: systemActor("content.explanatory") };
  });
  afterAll(() => db?.close());

  it("needs the administration's publisher to speak for the material", async () => {
    await expect(draftFromExplanationRequest(subscriber, request("evt_none"))).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await db.query("SELECT * FROM content_explanatory_requests")).toEqual([]);
    await createPublisher(subscriber, { kind: "department", name: "Управление ЖКХ", shortName: "ЖКХ" });
    await createPublisher(subscriber, {
      kind: "administration",
      name: "Администрация города Абакана",
      shortName: "Администрация",
    });
  });

  it("starts one draft per request with the questions quoted, linked to the topic; a redelivery changes nothing", async () => {
    const first = await draftFromExplanationRequest(subscriber, request("evt_1"));
    expect(first.created).toBe(true);
    expect(first.publication).toMatchObject({
      type: "explanatory",
      state: "draft",
      title: "Разъяснение: Когда включат отопление",
      fields: { incidentTopics: [HEATING], questions: request("evt_1").questions },
    });
    expect(first.publication.body).toContain("## Когда включат отопление? В квартирах холодно");
    const again = await draftFromExplanationRequest(subscriber, request("evt_1"));
    expect(again).toEqual({ publication: first.publication, created: false });
  });

  it("records a second request of the topic against the same material, also when two arrive at once", async () => {
    const [second, third] = await Promise.all([
      draftFromExplanationRequest(subscriber, request("evt_2")),
      draftFromExplanationRequest(subscriber, request("evt_3")),
    ]);
    expect([second.created, third.created]).toEqual([false, false]);
    const drafts = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM content_publications WHERE type = 'explanatory'",
    );
    expect(drafts[0]!.n).toBe(1);
    const requests = await db.query<{ event_id: string; publication_id: string }>(
      "SELECT event_id, publication_id FROM content_explanatory_requests ORDER BY event_id",
    );
    expect(requests.map((row) => row.event_id)).toEqual(["evt_1", "evt_2", "evt_3"]);
    expect(new Set(requests.map((row) => row.publication_id)).size).toBe(1);
  });

  it("offers the material as a reply once it is published, for incidents sharing the topic", async () => {
    const [material] = await explanatoryMaterialsForTopics(context, [HEATING, "собак стая"]);
    expect(material).toMatchObject({ topic: HEATING, state: "draft", path: null });
    const incidentStems = ["когд", "включ", "отоплен", "квартир"];
    expect(await explanatoryReplies(context, { stems: incidentStems, siteUrl: SITE })).toEqual([]);

    await updatePublication(context, material!.publicationId, {
      summary: "Отопительный сезон начинается после пяти дней со среднесуточной температурой ниже +8 °C.",
    });
    await submitPublication(context, material!.publicationId);
    await approvePublication(context, material!.publicationId);
    const published = await publishPublication(context, material!.publicationId);
    const [reply] = await explanatoryReplies(context, { stems: incidentStems, siteUrl: SITE });
    expect(reply).toEqual({
      publicationId: published.id,
      title: "Разъяснение: Когда включат отопление",
      url: `https://abakan.example/publications/${published.slug}`,
      topic: HEATING,
      match: 2 / 3,
      text:
        `Здравствуйте! Ответ на ваш вопрос опубликован на сайте администрации: «Разъяснение: Когда включат отопление» — https://abakan.example/publications/${published.slug}` +
        "\n\nОтопительный сезон начинается после пяти дней со среднесуточной температурой ниже +8 °C.",
    });
    expect((await explanatoryMaterialsForTopics(context, [HEATING]))[0]).toMatchObject({
      state: "published",
      path: `/publications/${published.slug}`,
    });
    // An incident about something else, or sharing one stem of three, is not offered it.
    expect(await explanatoryReplies(context, { stems: ["собак", "стая", "школ"], siteUrl: SITE })).toEqual(
      [],
    );
    expect(await explanatoryReplies(context, { stems: ["отоплен"], siteUrl: SITE })).toEqual([]);

    await unpublishPublication(context, published.id);
    expect(await explanatoryReplies(context, { stems: incidentStems, siteUrl: SITE })).toEqual([]);
  });

  it("starts a new material for the topic once the old one is archived", async () => {
    const [material] = await explanatoryMaterialsForTopics(context, [HEATING]);
    await archivePublication(context, material!.publicationId);
    expect(await explanatoryMaterialsForTopics(context, [HEATING])).toEqual([]);
    const next = await draftFromExplanationRequest(subscriber, request("evt_4"));
    expect(next.created).toBe(true);
    expect(next.publication.id).not.toBe(material!.publicationId);
  });
});
