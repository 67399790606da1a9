// Every operation of the OpenAPI document × every role, anonymous and an integration, against one declared matrix.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createSecretBox, saveConnection, signPlatformBody } from "@otklik/channels";
import {
  accreditJournalist,
  approvePublication,
  createPublication,
  createPublisher,
  HEARING_CONSENT_PURPOSE,
  moderateHearingComment,
  type NewPublication,
  postVariant,
  publishPublication,
  registerInformationRequest,
  submitHearingComment,
  submitPublication,
} from "@otklik/content";
import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import {
  createApiToken,
  createUser,
  DEMO_OPEN311_KEY,
  publishLegalText,
  type Role,
  recordConsent,
  requestPasswordReset,
  systemActor,
  totpCode,
} from "@otklik/identity";
import {
  applyLifecycleCommand,
  receivePlatformIncident,
  receiveSocialEvent,
  replyToIncident,
  requestDepartmentAnswer,
} from "@otklik/incidents";
import { notify } from "@otklik/notifications";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateReport, requestReport } from "../src/routes/reports/report-runs.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi, TEST_CHANNELS_KEY } from "../src/test-support.js";
import { type Browser, type Caller, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

type Principal = "anonymous" | Role | "integration";
const ROLES: Role[] = ["admin", "editor", "operator", "executor", "head", "analyst"];
const PRINCIPALS: Principal[] = ["anonymous", ...ROLES, "integration"];
const PASSWORD = "тёплый вечер над Енисеем";

type Expected = Record<Principal, number>;

/** Everyone gets `status` (public operations). */
const everyone = (status: number): Expected =>
  Object.fromEntries(PRINCIPALS.map((principal) => [principal, status])) as Expected;

/** `allowed` roles get `status`, other roles 403, anonymous 401; the read-scope integration as given. */
const only = (status: number, allowed: readonly Role[], integration = 403): Expected => ({
  ...(Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role) ? status : 403])) as Expected),
  anonymous: 401,
  integration,
});
const adminOnly = (status: number): Expected => only(status, ["admin"]);
const staff = (status: number, integration = 403): Expected => only(status, ROLES, integration);

interface Fixture {
  app: Awaited<ReturnType<typeof createTestApi>>["app"];
  api: Awaited<ReturnType<typeof createTestApi>>;
  clock: ReturnType<typeof manualClock>;
  demo: Awaited<ReturnType<typeof demoStaff>>["demo"];
  browsers: Record<Role, Browser>;
  integration: Caller;
  standing(principal: Principal): Caller;
  /** A new account with `role` (in the housing department) and its own browser. */
  fresh(role: Role): Promise<{ browser: Browser; email: string }>;
  unique(): number;
}

interface Case {
  expect: Expected;
  /** The request, valid in every way but who makes it, so a success is a real success. */
  request(
    principal: Principal,
    fixture: Fixture,
  ): Promise<{ path: string; body?: unknown; as?: Caller; headers?: Record<string, string> }>;
}

/** A fresh browser for a role, or the standing caller for anonymous and the integration. */
async function freshCaller(principal: Principal, fixture: Fixture): Promise<Caller> {
  return principal === "anonymous" || principal === "integration"
    ? fixture.standing(principal)
    : (await fixture.fresh(principal)).browser;
}

async function enrolled(principal: Principal, fixture: Fixture): Promise<{ as: Caller; secret: string }> {
  const as = await freshCaller(principal, fixture);
  if (as?.kind !== "browser") return { as, secret: "" };
  const response = await call(fixture.app, "POST", "/api/v1/auth/totp/enrol", { as });
  const { secret } = (await response.json()) as { secret: string };
  return { as, secret };
}

const simple =
  (path: string, body?: (fixture: Fixture) => unknown) => async (principal: Principal, fixture: Fixture) => ({
    path,
    ...(body ? { body: body(fixture) } : {}),
    as: fixture.standing(principal),
  });

/** Publications and hearing comments in the state each content operation needs, made by the system. */
const contentSetups = new WeakMap<Fixture, Promise<{ publisherId: string; consentTextId: string }>>();
function contentSetup(fixture: Fixture) {
  let setup = contentSetups.get(fixture);
  if (!setup) {
    const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
    setup = (async () => ({
      publisherId: (
        await createPublisher(context, { kind: "administration", name: "Администрация", shortName: "Адм." })
      ).id,
      consentTextId: (
        await publishLegalText(context, HEARING_CONSENT_PURPOSE, {
          title: "Согласие",
          body: "Текст согласия",
        })
      ).id,
    }))();
    contentSetups.set(fixture, setup);
  }
  return setup;
}
type PublicationStage = "draft" | "in_review" | "approved" | "published";
async function publicationIn(
  fixture: Fixture,
  stage: PublicationStage,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; slug: string }> {
  const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
  const { publisherId } = await contentSetup(fixture);
  const input = {
    type: "news",
    title: `Новость ${fixture.unique()}`,
    body: "Текст",
    publisherId,
    ...overrides,
  };
  const publication = await createPublication(context, input as NewPublication);
  if (stage === "draft") return publication;
  await submitPublication(context, publication.id);
  if (stage === "in_review") return publication;
  await approvePublication(context, publication.id);
  if (stage === "approved") return publication;
  await publishPublication(context, publication.id);
  return publication;
}
async function hearingComment(fixture: Fixture, approved: boolean): Promise<string> {
  const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
  const { consentTextId } = await contentSetup(fixture);
  const hearing = await openHearing(fixture);
  const comment = await submitHearingComment(context, hearing.id, {
    text: "Замечание",
    author: { name: "Житель", email: `citizen-${fixture.unique()}@mail.example` },
    consentTextId,
  });
  if (approved) await moderateHearingComment(context, comment.id, { verdict: "approve" });
  return comment.id;
}
function openHearing(fixture: Fixture) {
  const now = fixture.clock.now().getTime();
  return publicationIn(fixture, "published", {
    type: "hearing",
    fields: {
      draftParagraphs: ["Пункт"],
      responsibleDepartmentId: fixture.demo.departmentIds.housing,
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
      howToTakePart: "На сайте",
    },
  });
}
const editorOnly = (status: number): Expected => only(status, ["editor"]);
const informationRequest = (fixture: Fixture) =>
  registerInformationRequest(
    { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") },
    { outlet: "Хакасия ТВ", subject: "Бюджет", text: "Сколько потрачено на дороги?" },
  );
const onPublication =
  (stage: PublicationStage, suffix: string, body?: (fixture: Fixture) => unknown) =>
  async (principal: Principal, fixture: Fixture) => ({
    path: `/api/v1/publications/${(await publicationIn(fixture, stage)).id}${suffix}`,
    ...(body ? { body: body(fixture) } : {}),
    as: fixture.standing(principal),
  });

const CONTENT_CASES: Record<string, Case> = {
  "GET /api/v1/publications": { expect: editorOnly(200), request: simple("/api/v1/publications") },
  "POST /api/v1/publications": {
    expect: editorOnly(201),
    request: async (principal, fixture) => ({
      path: "/api/v1/publications",
      body: {
        type: "news",
        title: `Новость ${fixture.unique()}`,
        publisherId: (await contentSetup(fixture)).publisherId,
      },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/publications/{id}": { expect: editorOnly(200), request: onPublication("draft", "") },
  "PATCH /api/v1/publications/{id}": {
    expect: editorOnly(200),
    request: onPublication("draft", "", () => ({ title: "Новый заголовок" })),
  },
  "POST /api/v1/publications/{id}/submit": {
    expect: editorOnly(200),
    request: onPublication("draft", "/submit"),
  },
  "POST /api/v1/publications/{id}/approve": {
    expect: editorOnly(200),
    request: onPublication("in_review", "/approve"),
  },
  "POST /api/v1/publications/{id}/return": {
    expect: editorOnly(200),
    request: onPublication("in_review", "/return"),
  },
  "POST /api/v1/publications/{id}/schedule": {
    expect: editorOnly(200),
    request: onPublication("approved", "/schedule", (fixture) => ({
      publishAt: new Date(fixture.clock.now().getTime() + 86_400_000).toISOString(),
    })),
  },
  "POST /api/v1/publications/{id}/publish": {
    expect: editorOnly(200),
    request: onPublication("approved", "/publish"),
  },
  "POST /api/v1/publications/{id}/unpublish": {
    expect: editorOnly(200),
    request: onPublication("published", "/unpublish"),
  },
  "POST /api/v1/publications/{id}/archive": {
    expect: editorOnly(200),
    request: onPublication("draft", "/archive"),
  },
  "GET /api/v1/publications/{id}/revisions": {
    expect: editorOnly(200),
    request: onPublication("draft", "/revisions"),
  },
  "GET /api/v1/publications/{id}/revisions/diff": {
    expect: editorOnly(200),
    request: onPublication("in_review", "/revisions/diff?from=1&to=1"),
  },
  "POST /api/v1/publications/{id}/revisions/{number}/restore": {
    expect: editorOnly(200),
    request: onPublication("draft", "/revisions/1/restore"),
  },
  "GET /api/v1/publications/{id}/variants": {
    expect: editorOnly(200),
    request: onPublication("draft", "/variants"),
  },
  "PUT /api/v1/publications/{id}/variants/{platform}": {
    expect: editorOnly(200),
    request: onPublication("draft", "/variants/vk", () => ({ text: "Пост для ВКонтакте" })),
  },
  "POST /api/v1/variants/{id}/retry": {
    expect: editorOnly(200),
    request: async (principal, fixture) => {
      const statement = await publicationIn(fixture, "published", { type: "official_statement" });
      const [variant] = await fixture.api.db.query<{ id: string; attempt: number }>(
        "SELECT id, attempt FROM content_variants WHERE publication_id = $1 AND platform = 'vk'",
        [statement.id],
      );
      await postVariant(
        {
          db: fixture.api.db,
          clock: fixture.clock as Clock,
          publisher: async () => ({
            state: "failed",
            error: { kind: "denied", code: "214", message: "Публикация запрещена" },
            attempts: 1,
          }),
        },
        { variantId: variant!.id, attempt: variant!.attempt },
      );
      return { path: `/api/v1/variants/${variant!.id}/retry`, as: fixture.standing(principal) };
    },
  },
  "GET /api/v1/publications/{id}/comments": {
    expect: editorOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/publications/${(await openHearing(fixture)).id}/comments`,
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/publications/{id}/protocol": {
    expect: editorOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/publications/${(await openHearing(fixture)).id}/protocol?format=html`,
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/hearing-comments/{id}/moderate": {
    expect: editorOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/hearing-comments/${await hearingComment(fixture, false)}/moderate`,
      body: { verdict: "reject", reason: "Не по теме обсуждения" },
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/hearing-comments/{id}/answer": {
    expect: editorOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/hearing-comments/${await hearingComment(fixture, true)}/answer`,
      body: { decision: "accepted", answer: "Учтено" },
      as: fixture.standing(principal),
    }),
  },
  // The newsroom's reads and the Markdown preview (apps/admin).
  "POST /api/v1/publications/preview": {
    expect: editorOnly(200),
    request: simple("/api/v1/publications/preview", () => ({ body: "**Важно:** перекрытие улицы" })),
  },
  "GET /api/v1/publications/{id}/actions": {
    expect: editorOnly(200),
    request: onPublication("draft", "/actions"),
  },
  "GET /api/v1/variant-limits": { expect: editorOnly(200), request: simple("/api/v1/variant-limits") },
  "GET /api/v1/publication-calendar": {
    expect: editorOnly(200),
    request: simple("/api/v1/publication-calendar?from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z"),
  },
  "GET /api/v1/hearing-comments/pending": {
    expect: editorOnly(200),
    request: simple("/api/v1/hearing-comments/pending"),
  },
  "POST /api/v1/handbook/sections": {
    expect: editorOnly(201),
    request: simple("/api/v1/handbook/sections", (fixture) => ({ title: `Раздел ${fixture.unique()}` })),
  },
  "GET /api/v1/handbook/stale": { expect: editorOnly(200), request: simple("/api/v1/handbook/stale") },
  "POST /api/v1/publishers": {
    expect: editorOnly(201),
    request: simple("/api/v1/publishers", () => ({
      kind: "council",
      name: "Совет депутатов",
      shortName: "Совет",
    })),
  },
  "GET /api/v1/publishers": { expect: everyone(200), request: simple("/api/v1/publishers") },
  "GET /api/v1/handbook/sections": { expect: everyone(200), request: simple("/api/v1/handbook/sections") },
  "GET /api/v1/public/publications": {
    expect: everyone(200),
    request: simple("/api/v1/public/publications"),
  },
  "GET /api/v1/public/publications/{slug}": {
    expect: everyone(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/public/publications/${(await publicationIn(fixture, "published")).slug}`,
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/public/publications/{slug}/comments": {
    expect: everyone(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/public/publications/${(await openHearing(fixture)).slug}/comments`,
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/public/publications/{slug}/comments": {
    expect: everyone(201),
    request: async (principal, fixture) => ({
      path: `/api/v1/public/publications/${(await openHearing(fixture)).slug}/comments`,
      body: {
        text: "Предлагаю уточнить пункт",
        author: { name: "Петров Иван", email: `ivan-${fixture.unique()}@mail.example` },
        consentTextId: (await contentSetup(fixture)).consentTextId,
      },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/search": { expect: everyone(200), request: simple("/api/v1/search?q=новость") },
  "GET /api/v1/feeds/rss.xml": { expect: everyone(200), request: simple("/api/v1/feeds/rss.xml") },
  "GET /api/v1/feeds/atom.xml": {
    expect: everyone(200),
    request: simple("/api/v1/feeds/atom.xml?type=news"),
  },
  "GET /api/v1/feeds/sitemap.xml": { expect: everyone(200), request: simple("/api/v1/feeds/sitemap.xml") },
  "GET /api/v1/feeds/hearings.ics": { expect: everyone(200), request: simple("/api/v1/feeds/hearings.ics") },

  "GET /api/v1/journalists": { expect: editorOnly(200), request: simple("/api/v1/journalists?active=true") },
  "POST /api/v1/journalists": {
    expect: editorOnly(201),
    request: simple("/api/v1/journalists", (fixture) => ({
      fullName: "Сидорова Анна",
      outlet: "Хакасия ТВ",
      email: `anna-${fixture.unique()}@tv.example`,
      accreditedUntil: "2027-12-31",
    })),
  },
  "POST /api/v1/journalists/{id}/revoke": {
    expect: editorOnly(200),
    request: async (principal, fixture) => {
      const journalist = await accreditJournalist(
        { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") },
        {
          fullName: "Ким Юрий",
          outlet: "Абакан 24",
          email: `yuri-${fixture.unique()}@a24.example`,
          accreditedUntil: "2027-12-31",
        },
      );
      return {
        path: `/api/v1/journalists/${journalist.id}/revoke`,
        body: { reason: "По заявлению редакции" },
        as: fixture.standing(principal),
      };
    },
  },
  "POST /api/v1/press-releases": {
    expect: editorOnly(201),
    request: simple("/api/v1/press-releases", () => ({ subject: "Пресс-релиз", body: "Текст пресс-релиза" })),
  },
  "GET /api/v1/information-requests": {
    expect: editorOnly(200),
    request: simple("/api/v1/information-requests?open=true"),
  },
  "POST /api/v1/information-requests": {
    expect: editorOnly(201),
    request: simple("/api/v1/information-requests", () => ({
      outlet: "Шанс",
      subject: "Мост",
      text: "Когда откроют мост?",
    })),
  },
  "POST /api/v1/information-requests/{id}/defer": {
    expect: editorOnly(200),
    request: async (principal, fixture) => {
      const request = await informationRequest(fixture);
      return {
        path: `/api/v1/information-requests/${request.id}/defer`,
        body: {
          until: new Date(fixture.clock.now().getTime() + 20 * 86_400_000).toISOString(),
          reason: "Готовим сведения",
        },
        as: fixture.standing(principal),
      };
    },
  },
  "POST /api/v1/information-requests/{id}/answer": {
    expect: editorOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/information-requests/${(await informationRequest(fixture)).id}/answer`,
      body: { answer: "Мост откроют в июне" },
      as: fixture.standing(principal),
    }),
  },
};

/** Incidents in the state each desk operation needs, made by the system: `new`, or assigned to housing. */
async function incidentIn(
  fixture: Fixture,
  stage: "new" | "assigned",
): Promise<{ id: string; token: string }> {
  const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
  const { incidentId } = await receivePlatformIncident(context, {
    type: "incident",
    id: `matrix-${fixture.unique()}`,
    createdAt: fixture.clock.now().toISOString(),
    text: "Во дворе дома на улице Ленина не вывозят мусор уже неделю",
    source: { network: "vk", authorName: "Житель Абакана" },
  });
  if (stage === "assigned") {
    await applyLifecycleCommand(context, incidentId, {
      type: "assign",
      departmentKey: fixture.demo.departmentIds.housing ?? "",
    });
  }
  const [row] = await fixture.api.db.query<{ tracking_token: string }>(
    "SELECT tracking_token FROM incidents WHERE id = $1",
    [incidentId],
  );
  return { id: incidentId, token: row?.tracking_token ?? "" };
}
const onIncident =
  (stage: "new" | "assigned", suffix: string, body?: (principal: Principal, fixture: Fixture) => unknown) =>
  async (principal: Principal, fixture: Fixture) => ({
    path: `/api/v1/incidents/${(await incidentIn(fixture, stage)).id}${suffix}`,
    ...(body ? { body: body(principal, fixture) } : {}),
    as: fixture.standing(principal),
  });
const DESK_WORKERS: Role[] = ["operator", "executor", "head"];
const READERS: Role[] = ["operator", "executor", "head", "analyst"];
/** The production calendar of 2026 in data.gov.ru's format, as the SLA settings tests import it. */
const PRODUCTION_CALENDAR_2026 = new URL(
  "../../../packages/incidents/src/sla-settings/fixtures/production-calendar-2026.csv",
  import.meta.url,
);

/** Evidence: a multipart form with a PDF (unique content) or a real JPEG (sharp borrowed from @otklik/incidents). */
const evidencePdf = (fixture: Fixture) => {
  const body = new FormData();
  const bytes = Buffer.from(`%PDF-1.4\n% справка ${fixture.unique()}\n%%EOF\n`, "utf8");
  body.append("file", new Blob([bytes]), "spravka.pdf");
  return body;
};
let evidenceJpeg: Promise<Buffer> | undefined;
const evidencePhoto = async () => {
  const sharp = createRequire(import.meta.resolve("@otklik/incidents"))("sharp") as (input: object) => {
    jpeg(): { toBuffer(): Promise<Buffer> };
  };
  evidenceJpeg ??= sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } })
    .jpeg()
    .toBuffer();
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(await evidenceJpeg)]), "proof.jpg");
  return body;
};
/** An incident assigned to housing with one uploaded file (a photo when `proof`, resolved as fixed with it). */
async function incidentWithMedia(
  fixture: Fixture,
  proof: boolean,
): Promise<{ id: string; token: string; mediaId: string }> {
  const incident = await incidentIn(fixture, "assigned");
  const response = await call(fixture.app, "POST", `/api/v1/incidents/${incident.id}/media`, {
    as: fixture.browsers.operator,
    body: proof ? await evidencePhoto() : evidencePdf(fixture),
  });
  const { media } = (await response.json()) as {
    media: { id: string; attachment: { kind: "photo"; url: string } };
  };
  if (proof) {
    const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
    await applyLifecycleCommand(context, incident.id, { type: "start" });
    await applyLifecycleCommand(context, incident.id, {
      type: "resolve",
      resolution: "fixed",
      comment: "Устранено",
      media: [media.attachment],
    });
  }
  return { ...incident, mediaId: media.id };
}

const INCIDENT_CASES: Record<string, Case> = {
  "POST /api/v1/intake/platform": {
    expect: everyone(202),
    request: async (principal, fixture) => {
      const body = {
        type: "incident",
        id: `platform-${fixture.unique()}`,
        createdAt: fixture.clock.now().toISOString(),
        text: "На улице Щетинкина не горят фонари",
        source: { network: "ok", authorName: "Анна" },
      };
      return {
        path: "/api/v1/intake/platform",
        body,
        headers: { "x-otklik-signature": signPlatformBody(JSON.stringify(body), "platform-demo-secret") },
        as: fixture.standing(principal),
      };
    },
  },
  "POST /api/v1/intake/vk": {
    expect: everyone(200),
    request: simple("/api/v1/intake/vk", () => ({
      type: "confirmation",
      group_id: 1,
      secret: "vk-demo-secret",
    })),
  },
  "POST /api/v1/intake/telegram": {
    expect: everyone(200),
    request: async (principal, fixture) => ({
      path: "/api/v1/intake/telegram",
      body: { update_id: fixture.unique() },
      headers: { "x-telegram-bot-api-secret-token": "telegram-demo-secret" },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/incidents": { expect: only(200, READERS, 200), request: simple("/api/v1/incidents") },
  "GET /api/v1/incidents/events": {
    expect: only(200, READERS, 200),
    request: simple("/api/v1/incidents/events"),
  },
  "GET /api/v1/incidents/map": {
    expect: only(200, READERS, 200),
    request: simple("/api/v1/incidents/map"),
  },
  "GET /api/v1/incidents/stats": {
    expect: only(200, ["analyst", "head", "operator"]),
    request: simple("/api/v1/incidents/stats"),
  },
  "GET /api/v1/incidents/stats/topics": {
    expect: only(200, ["analyst", "head", "operator"]),
    request: simple("/api/v1/incidents/stats/topics"),
  },
  "POST /api/v1/explanatory-requests": {
    expect: only(202, ["operator"]),
    // A topic of its own per call: a topic that already has a material is a 409.
    request: async (principal, fixture) => ({
      path: "/api/v1/explanatory-requests",
      body: {
        stems: [`тема${fixture.unique()}`, "отоплен"],
        title: "Когда включат отопление",
        questions: ["Когда дадут тепло в дома Согры?"],
      },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/explanatory-materials/reply-templates": {
    expect: only(200, READERS, 200),
    request: simple(
      "/api/v1/explanatory-materials/reply-templates?topic=%D0%BE%D1%82%D0%BE%D0%BF%D0%BB%D0%B5%D0%BD",
    ),
  },
  "GET /api/v1/incidents/{id}": { expect: only(200, READERS, 200), request: onIncident("assigned", "") },
  "POST /api/v1/incidents/{id}/transitions": {
    expect: only(200, DESK_WORKERS),
    request: async (principal, fixture) =>
      principal === "executor" || principal === "head"
        ? onIncident("assigned", "/transitions", () => ({ type: "start" }))(principal, fixture)
        : onIncident("new", "/transitions", () => ({
            type: "assign",
            departmentKey: fixture.demo.departmentIds.housing ?? "",
          }))(principal, fixture),
  },
  "POST /api/v1/incidents/{id}/replies": {
    expect: only(201, ["operator"]),
    request: onIncident("assigned", "/replies", () => ({
      text: "Здравствуйте! Вывоз мусора по вашему адресу проведён 27 ноября, контейнерная площадка убрана.",
      force: true,
    })),
  },
  "POST /api/v1/incidents/{id}/notes": {
    expect: only(201, DESK_WORKERS),
    request: onIncident("assigned", "/notes", () => ({ text: "Позвонили подрядчику" })),
  },
  "POST /api/v1/incidents/{id}/category": {
    // A new incident has no department yet: outside an executor's or head's reach, so «not found».
    expect: { ...only(200, ["operator"]), executor: 404, head: 404 },
    request: onIncident("new", "/category", () => ({ category: "housing", urgent: false })),
  },
  "POST /api/v1/incidents/{id}/merge": {
    expect: { ...only(200, ["operator"]), executor: 404, head: 404 },
    request: async (principal, fixture) => ({
      path: `/api/v1/incidents/${(await incidentIn(fixture, "new")).id}/merge`,
      body: { duplicateIds: [(await incidentIn(fixture, "new")).id] },
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/incidents/{id}/media": {
    expect: only(201, DESK_WORKERS),
    request: onIncident("assigned", "/media", (_principal, fixture) => evidencePdf(fixture)),
  },
  "GET /api/v1/incidents/{id}/media": {
    expect: only(200, READERS, 200),
    request: onIncident("assigned", "/media"),
  },
  "GET /api/v1/incidents/{id}/media/{mediaId}/{variant}": {
    expect: only(200, DESK_WORKERS),
    request: async (principal, fixture) => {
      const { id, mediaId } = await incidentWithMedia(fixture, false);
      return { path: `/api/v1/incidents/${id}/media/${mediaId}/original`, as: fixture.standing(principal) };
    },
  },
  "GET /api/v1/track/{token}/media/{mediaId}/{variant}": {
    expect: everyone(200),
    request: async (principal, fixture) => {
      const { token, mediaId } = await incidentWithMedia(fixture, true);
      return { path: `/api/v1/track/${token}/media/${mediaId}/published`, as: fixture.standing(principal) };
    },
  },
  "GET /api/v1/incidents/{id}/department-requests": {
    expect: only(200, READERS, 200),
    request: onIncident("assigned", "/department-requests"),
  },
  "POST /api/v1/incidents/{id}/department-requests": {
    expect: only(201, ["operator"]),
    request: onIncident("assigned", "/department-requests", () => ({ question: "Когда вывезут мусор?" })),
  },
  "POST /api/v1/incidents/{id}/department-requests/{requestId}/answer": {
    // The department asked answers: the housing executor and head.
    expect: only(200, ["executor", "head"]),
    request: async (principal, fixture) => {
      const { id } = await incidentIn(fixture, "assigned");
      const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
      const { request } = await requestDepartmentAnswer(context, id, { question: "Когда вывезут мусор?" });
      return {
        path: `/api/v1/incidents/${id}/department-requests/${request.id}/answer`,
        body: { answer: "Вывезут 28 ноября до 12:00." },
        as: fixture.standing(principal),
      };
    },
  },
  "GET /api/v1/department-requests": {
    expect: only(200, READERS, 200),
    request: simple("/api/v1/department-requests"),
  },
  "POST /api/v1/incidents/{id}/replies/{replyId}/retry": {
    expect: only(202, ["operator"]),
    request: async (principal, fixture) => {
      const { id } = await incidentIn(fixture, "assigned");
      const context = { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") };
      const { reply } = await replyToIncident(context, id, {
        text: "Здравствуйте! Мусор вывезут 28 ноября до 12:00.",
        force: true,
      });
      // No delivery worker runs here: the reply is made to have failed, as a revoked token would.
      await fixture.api.db.query(
        "UPDATE incident_reply_deliveries SET state = 'failed' WHERE reply_id = $1",
        [reply?.id],
      );
      await fixture.api.db.query("UPDATE incident_replies SET delivery_state = 'failed' WHERE id = $1", [
        reply?.id,
      ]);
      return { path: `/api/v1/incidents/${id}/replies/${reply?.id}/retry`, as: fixture.standing(principal) };
    },
  },
  "GET /api/v1/inbox": { expect: only(200, ["operator"]), request: simple("/api/v1/inbox") },
  "POST /api/v1/inbox/{id}/decide": {
    expect: only(200, ["operator"]),
    request: async (principal, fixture) => {
      const received = await receiveSocialEvent(
        { db: fixture.api.db, clock: fixture.clock as Clock, actor: systemActor("test") },
        {
          kind: "comment",
          action: "created",
          platform: "vk",
          externalId: `matrix-comment-${fixture.unique()}`,
          conversationId: `post-${fixture.unique()}`,
          text: "Спасибо за новость!",
          author: { id: String(fixture.unique()) },
          attachments: [],
          occurredAt: fixture.clock.now().toISOString(),
        },
      );
      return {
        path: `/api/v1/inbox/${received.inboxItemId}/decide`,
        body: { decision: "dismissed", reason: "gratitude" },
        as: fixture.standing(principal),
      };
    },
  },
  "GET /api/v1/track/{token}": {
    expect: everyone(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/track/${(await incidentIn(fixture, "new")).token}`,
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/reports": {
    expect: everyone(201),
    request: simple("/api/v1/reports", (fixture) => ({
      category: "waste",
      description: "Во дворе не вывозят мусор уже неделю",
      contacts: { name: "Житель", email: `reporter-${fixture.unique()}@mail.example` },
      consent: { accepted: true, textVersion: fixture.demo.consentTextId },
    })),
  },
};

/** Dashboards and reports: `report:read` (analysts and operators everywhere, heads their department). */
const REPORTERS: Role[] = ["analyst", "head", "operator"];
/** A report run the principal may see: made by them when they may make one, else by the system. */
async function reportRun(principal: Principal, fixture: Fixture, done = false): Promise<string> {
  let id: string;
  if ((REPORTERS as Principal[]).includes(principal)) {
    const response = await call(fixture.app, "POST", "/api/v1/reports/monthly", {
      as: fixture.standing(principal),
      body: { year: 2026, month: 10 },
    });
    id = ((await response.json()) as { id: string }).id;
  } else {
    const period = {
      from: "2026-10-01",
      to: "2026-10-31",
      timeZone: "Asia/Krasnoyarsk",
      departments: null,
      departmentId: null,
    };
    id = (
      await requestReport(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { kind: "monthly", period },
      )
    ).id;
  }
  if (done) await generateReport({ db: fixture.api.db, clock: fixture.clock }, id);
  return id;
}
const REPORT_CASES: Record<string, Case> = {
  ...Object.fromEntries(
    [
      "incidents-per-day",
      "reply-deadlines",
      "first-reply-times",
      "open-overdue",
      "publications-per-week",
      "heat-map",
    ].map((series) => [
      `GET /api/v1/dashboards/${series}`,
      {
        expect: only(200, REPORTERS),
        request: simple(`/api/v1/dashboards/${series}?from=2026-11-01&to=2026-11-27`),
      },
    ]),
  ),
  "POST /api/v1/reports/yearly": {
    expect: only(202, REPORTERS),
    request: simple("/api/v1/reports/yearly", () => ({ year: 2026 })),
  },
  "POST /api/v1/reports/monthly": {
    expect: only(202, REPORTERS),
    request: simple("/api/v1/reports/monthly", () => ({ year: 2026, month: 11 })),
  },
  "GET /api/v1/reports": { expect: only(200, REPORTERS), request: simple("/api/v1/reports") },
  "GET /api/v1/reports/{id}": {
    expect: only(200, REPORTERS),
    request: async (principal, fixture) => ({
      path: `/api/v1/reports/${await reportRun(principal, fixture)}`,
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/reports/{id}/files/{format}": {
    expect: only(200, REPORTERS),
    request: async (principal, fixture) => ({
      path: `/api/v1/reports/${await reportRun(principal, fixture, true)}/files/csv`,
      as: fixture.standing(principal),
    }),
  },
};

/** A Telegram connection whose service is a closed local port: its test call fails at once, recorded. */
const MATRIX_CONNECTION = {
  platform: "telegram",
  name: "Telegram",
  settings: { channelChatId: "@abakan_official", baseUrl: "http://127.0.0.1:9" },
  secrets: { botToken: "123:matrix-token", webhookSecret: "matrix_secret" },
} as const;
const matrixConnections = new WeakMap<Fixture, Promise<string>>();
function matrixConnection(fixture: Fixture): Promise<string> {
  let id = matrixConnections.get(fixture);
  if (!id) {
    id = saveConnection({
      db: fixture.api.db,
      clock: fixture.clock as Clock,
      box: createSecretBox({ currentKeyId: "current", keys: { current: TEST_CHANNELS_KEY } }),
      input: { ...MATRIX_CONNECTION },
    }).then((saved) => saved.id);
    matrixConnections.set(fixture, id);
  }
  return id;
}

const MATRIX: Record<string, Case> = {
  // Notifications: one's own inbox and preferences (staff only), templates (administrator).
  "GET /api/v1/notifications": { expect: staff(200), request: simple("/api/v1/notifications") },
  "POST /api/v1/notifications/{id}/read": {
    expect: staff(200),
    request: async (principal, fixture) => {
      const as = await freshCaller(principal, fixture);
      if (as?.kind !== "browser")
        return { path: "/api/v1/notifications/ntf_01JDQ8Z4X9M2N7K3T5V6W8Y0AB/read", as };
      const [written] = await withTransaction(fixture.api.db, (tx) =>
        notify(tx, fixture.clock, {
          kind: "citizen_wrote_again",
          key: `matrix-${fixture.unique()}`,
          variables: { number: "А-1", text: "Снова" },
          recipients: [{ userId: as.userId }],
        }),
      );
      return { path: `/api/v1/notifications/${written!.id}/read`, as };
    },
  },
  "POST /api/v1/notifications/read-all": {
    expect: staff(200),
    request: simple("/api/v1/notifications/read-all"),
  },
  "GET /api/v1/notifications/{id}": {
    expect: staff(200),
    request: async (principal, fixture) => {
      const as = await freshCaller(principal, fixture);
      if (as?.kind !== "browser") return { path: "/api/v1/notifications/ntf_01JDQ8Z4X9M2N7K3T5V6W8Y0AB", as };
      const [written] = await withTransaction(fixture.api.db, (tx) =>
        notify(tx, fixture.clock, {
          kind: "citizen_wrote_again",
          key: `matrix-${fixture.unique()}`,
          variables: { number: "А-1", text: "Снова" },
          recipients: [{ userId: as.userId }],
        }),
      );
      return { path: `/api/v1/notifications/${written!.id}`, as };
    },
  },
  "GET /api/v1/notifications/unread-count": {
    expect: staff(200),
    request: simple("/api/v1/notifications/unread-count"),
  },
  "GET /api/v1/notification-deliveries": {
    expect: adminOnly(200),
    request: simple("/api/v1/notification-deliveries"),
  },
  "GET /api/v1/notification-templates/{kind}/{locale}/versions": {
    expect: adminOnly(200),
    request: simple("/api/v1/notification-templates/sla_breach/ru/versions"),
  },
  "GET /api/v1/notifications/preferences": {
    expect: staff(200),
    request: simple("/api/v1/notifications/preferences"),
  },
  "PUT /api/v1/notifications/preferences": {
    expect: staff(200),
    request: simple("/api/v1/notifications/preferences", () => ({ channels: ["in_app"] })),
  },
  "GET /api/v1/notification-templates": {
    expect: adminOnly(200),
    request: simple("/api/v1/notification-templates"),
  },
  "POST /api/v1/notification-templates/{kind}/preview": {
    expect: adminOnly(200),
    request: simple("/api/v1/notification-templates/sla_warning/preview", () => ({ locale: "en" })),
  },
  "PUT /api/v1/notification-templates/{kind}/{locale}": {
    expect: adminOnly(200),
    request: simple("/api/v1/notification-templates/publication_failed/en", () => ({
      subject: "Not published: {title}",
      body: "{title} ({channel}): {reason}",
    })),
  },
  "GET /api/health": { expect: everyone(200), request: simple("/api/health") },
  "GET /api/ready": { expect: everyone(200), request: simple("/api/ready") },
  "GET /api/v1/city": { expect: everyone(200), request: simple("/api/v1/city") },
  ...CONTENT_CASES,
  ...INCIDENT_CASES,
  ...REPORT_CASES,

  "POST /api/v1/auth/login": {
    expect: everyone(200),
    request: async (principal, fixture) => {
      const { email } = await fixture.fresh("analyst");
      return {
        path: "/api/v1/auth/login",
        body: { email, password: PASSWORD },
        as: await freshCaller(principal, fixture),
      };
    },
  },
  "POST /api/v1/auth/logout": {
    expect: staff(204),
    request: async (principal, fixture) => ({
      path: "/api/v1/auth/logout",
      as: await freshCaller(principal, fixture),
    }),
  },
  "GET /api/v1/auth/me": { expect: staff(200, 200), request: simple("/api/v1/auth/me") },
  "POST /api/v1/auth/totp/enrol": {
    expect: staff(200),
    request: async (principal, fixture) => ({
      path: "/api/v1/auth/totp/enrol",
      as: await freshCaller(principal, fixture),
    }),
  },
  "POST /api/v1/auth/totp/confirm": {
    expect: staff(204),
    request: async (principal, fixture) => {
      const { as, secret } = await enrolled(principal, fixture);
      const code = secret ? totpCode(secret, fixture.clock.now()) : "123456";
      return { path: "/api/v1/auth/totp/confirm", body: { code }, as };
    },
  },
  "POST /api/v1/auth/totp/disable": {
    expect: staff(204),
    request: async (principal, fixture) => {
      const { as, secret } = await enrolled(principal, fixture);
      if (!secret) return { path: "/api/v1/auth/totp/disable", body: { code: "123456" }, as };
      await call(fixture.app, "POST", "/api/v1/auth/totp/confirm", {
        as,
        body: { code: totpCode(secret, fixture.clock.now()) },
      });
      fixture.clock.advance(31_000);
      return { path: "/api/v1/auth/totp/disable", body: { code: totpCode(secret, fixture.clock.now()) }, as };
    },
  },
  "POST /api/v1/auth/password-reset": {
    expect: everyone(202),
    request: simple("/api/v1/auth/password-reset", () => ({ email: "editor@demo.otklik.ru" })),
  },
  "POST /api/v1/auth/password-reset/confirm": {
    expect: everyone(204),
    request: async (principal, fixture) => {
      const { email } = await fixture.fresh("editor");
      await requestPasswordReset(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { email },
        fixture.api.identity,
      );
      const link = /https?:\/\/\S+/.exec(fixture.api.mail.at(-1)?.text ?? "")?.[0] ?? "";
      const token = new URL(link).searchParams.get("token");
      return {
        path: "/api/v1/auth/password-reset/confirm",
        body: { token, password: "сосны у Енисея шумят" },
        as: fixture.standing(principal),
      };
    },
  },

  "GET /api/v1/users": {
    expect: only(200, ["admin", "operator", "executor", "head"]),
    request: simple("/api/v1/users"),
  },
  "POST /api/v1/users": {
    expect: adminOnly(201),
    request: simple("/api/v1/users", (fixture) => ({
      email: `new-${fixture.unique()}@abakan.example`,
      fullName: "Новый Сотрудник",
      roles: ["executor"],
      departmentId: fixture.demo.departmentIds.transport,
    })),
  },
  "GET /api/v1/users/{id}": {
    expect: only(200, ["admin", "operator", "executor", "head"]),
    request: async (principal, fixture) => ({
      path: `/api/v1/users/${fixture.demo.userIds.head}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/users/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const { browser } = await fixture.fresh("editor");
      return {
        path: `/api/v1/users/${browser.userId}`,
        body: { fullName: "Переименован" },
        as: fixture.standing(principal),
      };
    },
  },

  "GET /api/v1/departments": { expect: staff(200, 200), request: simple("/api/v1/departments") },
  "POST /api/v1/departments": {
    expect: adminOnly(201),
    request: simple("/api/v1/departments", (fixture) => ({
      name: `Отдел ${fixture.unique()}`,
      shortName: "Отдел",
      parentId: fixture.demo.departmentIds.housing,
    })),
  },
  "GET /api/v1/departments/{id}": {
    expect: staff(200, 200),
    request: async (principal, fixture) => ({
      path: `/api/v1/departments/${fixture.demo.departmentIds.culture}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/departments/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/departments/${fixture.demo.departmentIds.culture}`,
      body: { contacts: { phone: `8 (3902) 22-${String(fixture.unique() % 100).padStart(2, "0")}-00` } },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/officials": { expect: staff(200, 200), request: simple("/api/v1/officials") },
  "GET /api/v1/public/departments": { expect: everyone(200), request: simple("/api/v1/public/departments") },
  "POST /api/v1/officials": {
    expect: adminOnly(201),
    request: simple("/api/v1/officials", () => ({
      fullName: "Орлов Пётр Ильич",
      position: "Заместитель Главы",
    })),
  },
  "GET /api/v1/officials/{id}": {
    expect: staff(200, 200),
    request: async (principal, fixture) => ({
      path: `/api/v1/officials/${fixture.demo.officialIds.social}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/officials/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/officials/${fixture.demo.officialIds.social}`,
      body: { position: `Заместитель Главы города Абакана по социальным вопросам (${fixture.unique()})` },
      as: fixture.standing(principal),
    }),
  },

  "GET /api/v1/tokens": { expect: adminOnly(200), request: simple("/api/v1/tokens") },
  "POST /api/v1/tokens": {
    expect: adminOnly(201),
    request: simple("/api/v1/tokens", () => ({ name: "Городская система", scopes: ["read"] })),
  },
  "DELETE /api/v1/tokens/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const issued = await createApiToken(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { name: "На отзыв", scopes: ["read"] },
      );
      return { path: `/api/v1/tokens/${issued.token.id}`, as: fixture.standing(principal) };
    },
  },

  "GET /api/v1/audit": { expect: adminOnly(200), request: simple("/api/v1/audit") },

  "GET /api/v1/privacy-policy": { expect: everyone(200), request: simple("/api/v1/privacy-policy") },
  "POST /api/v1/privacy-policy": {
    expect: adminOnly(201),
    request: simple("/api/v1/privacy-policy", () => ({ title: "Политика", body: "Новая редакция политики" })),
  },
  "GET /api/v1/consent-texts/{purpose}": {
    expect: everyone(200),
    request: simple("/api/v1/consent-texts/incident-report"),
  },
  "POST /api/v1/consent-texts/{purpose}": {
    expect: adminOnly(201),
    request: simple("/api/v1/consent-texts/incident-report", () => ({
      title: "Согласие",
      body: "Новая редакция",
    })),
  },
  "POST /api/v1/consents": {
    expect: everyone(201),
    request: simple("/api/v1/consents", (fixture) => ({
      textId: fixture.demo.consentTextId,
      subject: { name: "Иванова Мария", email: `citizen-${fixture.unique()}@mail.example` },
    })),
  },
  "GET /api/v1/consents": { expect: adminOnly(200), request: simple("/api/v1/consents") },
  "POST /api/v1/consents/{id}/withdraw": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const consent = await recordConsent(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { textId: fixture.demo.consentTextId, subject: { email: "withdraw@mail.example" } },
      );
      return { path: `/api/v1/consents/${consent.id}/withdraw`, as: fixture.standing(principal) };
    },
  },
  "POST /api/v1/personal-data/export": {
    expect: adminOnly(200),
    request: simple("/api/v1/personal-data/export", () => ({ email: "citizen-1@mail.example" })),
  },
  "POST /api/v1/personal-data/erase": {
    expect: adminOnly(200),
    request: simple("/api/v1/personal-data/erase", () => ({ email: "nobody-at-all@mail.example" })),
  }, // Settings of the incident desk: routing, the address register, channel connections.
  // Settings of the SLA: the policy and its versions, and the desk's calendars.
  "GET /api/v1/settings/sla/policy": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/sla/policy"),
  },
  "GET /api/v1/settings/sla/policy/versions": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/sla/policy/versions"),
  },
  "POST /api/v1/settings/sla/policy/versions": {
    expect: adminOnly(201),
    request: async (principal, fixture) => {
      // The current version, read as the administrator: the save names the version it started from.
      const current = (await (
        await call(fixture.app, "GET", "/api/v1/settings/sla/policy", { as: fixture.standing("admin") })
      ).json()) as { version: number; policy: unknown };
      return {
        path: "/api/v1/settings/sla/policy/versions",
        body: { policy: current.policy, note: "Матрица прав", expectedVersion: current.version },
        as: fixture.standing(principal),
      };
    },
  },
  "POST /api/v1/settings/sla/policy/preview": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/sla/policy/preview", () => ({
      receivedAt: "2026-07-02T10:00:00+07:00",
    })),
  },
  "GET /api/v1/settings/calendars/{calendar}/days": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/calendars/office/days?year=2026"),
  },
  "GET /api/v1/settings/calendars/{calendar}/month": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/calendars/office/month?year=2026&month=7"),
  },
  "POST /api/v1/settings/calendars/{calendar}/days": {
    expect: adminOnly(201),
    request: simple("/api/v1/settings/calendars/office/days", () => ({
      date: "2026-07-03",
      note: "День Республики Хакасия",
    })),
  },
  "DELETE /api/v1/settings/calendars/{calendar}/days/{date}": {
    expect: adminOnly(204),
    request: async (principal, fixture) => {
      // The day to remove, added by the administrator first (adding it again changes nothing).
      await call(fixture.app, "POST", "/api/v1/settings/calendars/duty/days", {
        as: fixture.standing("admin"),
        body: { date: "2026-09-21", note: "На удаление / To remove" },
      });
      return { path: "/api/v1/settings/calendars/duty/days/2026-09-21", as: fixture.standing(principal) };
    },
  },
  "POST /api/v1/settings/calendars/{calendar}/import": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/calendars/office/import", () => ({
      csv: readFileSync(PRODUCTION_CALENDAR_2026, "utf8"),
    })),
  },
  "GET /api/v1/settings/routing": { expect: adminOnly(200), request: simple("/api/v1/settings/routing") },
  "PUT /api/v1/settings/routing/keys/{key}": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/routing/keys/consumer-market", (fixture) => ({
      departmentId: fixture.demo.departmentIds.press,
    })),
  },
  "GET /api/v1/settings/address-register": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/address-register"),
  },
  "POST /api/v1/settings/address-register/import": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/address-register/import", () => {
      const form = new FormData();
      form.set("file", new File(["street,house,lat,lon\nЩетинкина,12,53.72,91.44\n"], "register.csv"));
      return form;
    }),
  },
  "GET /api/v1/settings/address-register/lookup": {
    expect: adminOnly(200),
    request: simple(`/api/v1/settings/address-register/lookup?q=${encodeURIComponent("ул. Щетинкина, 12")}`),
  },
  "GET /api/v1/settings/connections": {
    expect: adminOnly(200),
    request: simple("/api/v1/settings/connections"),
  },
  "POST /api/v1/settings/connections": {
    expect: adminOnly(201),
    request: simple("/api/v1/settings/connections", () => MATRIX_CONNECTION),
  },
  "PUT /api/v1/settings/connections/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/settings/connections/${await matrixConnection(fixture)}`,
      body: { name: MATRIX_CONNECTION.name, settings: MATRIX_CONNECTION.settings },
      as: fixture.standing(principal),
    }),
  },
  "POST /api/v1/settings/connections/{id}/check": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/settings/connections/${await matrixConnection(fixture)}/check`,
      as: fixture.standing(principal),
    }),
  },
};

/** Routes outside the OpenAPI document that are public as well. */
// Open311 GeoReport v2 is its own specification (not in the OpenAPI document); its reads are public.
const UNDOCUMENTED_PUBLIC = [
  "/api/openapi.json",
  "/api/docs",
  "/open311/v2/discovery.json",
  "/open311/v2/services.xml",
  "/open311/v2/requests.json",
];

interface Operation {
  security?: unknown[];
  responses: Record<string, unknown>;
}

describe.each(testBackends())("authorisation matrix on %s", (backend) => {
  let fixture: Fixture;
  let operations: [string, Operation][];

  beforeAll(async () => {
    const clock = manualClock("2026-11-27T02:00:00Z");
    const api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    let counter = 0;
    fixture = {
      app: api.app,
      api,
      clock,
      demo,
      browsers,
      integration: undefined,
      standing: (principal) =>
        principal === "anonymous"
          ? undefined
          : principal === "integration"
            ? fixture.integration
            : fixture.browsers[principal],
      async fresh(role) {
        const email = `${role}-${++counter}@fresh.otklik.ru`;
        await createUser(
          { db: api.db, clock, actor: systemActor("test") },
          {
            email,
            fullName: "Временный Сотрудник",
            roles: [role],
            departmentId: demo.departmentIds.housing,
            password: PASSWORD,
          },
          api.identity,
        );
        const { browser } = await signInOverHttp(api.app, email, PASSWORD);
        if (!browser) throw new Error(`fresh ${role} could not sign in`);
        return { browser, email };
      },
      unique: () => ++counter,
    };
    const issued = await createApiToken(
      { db: api.db, clock, actor: systemActor("test") },
      { name: "Чтение", scopes: ["read"] },
    );
    fixture.integration = { kind: "integration", token: issued.secret };

    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
      ),
    );
  }, 120_000);
  afterAll(() => fixture?.api.db.close());

  it("declares every documented operation in the matrix, and nothing else", () => {
    const documented = operations.map(([key]) => key).sort();
    expect(
      documented.filter((key) => !(key in MATRIX)),
      "operations missing from the matrix",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((key) => !documented.includes(key)),
      "matrix entries not in the document",
    ).toEqual([]);
  });

  it("declares a security requirement on every operation", () => {
    for (const [key, operation] of operations) expect(Array.isArray(operation.security), key).toBe(true);
  });

  it("answers every operation for every principal as the matrix says, with a documented status", async () => {
    const mismatches: string[] = [];
    for (const [key, operation] of operations) {
      const entry = MATRIX[key];
      if (!entry) continue;
      const method = key.split(" ")[0]!;
      for (const principal of PRINCIPALS) {
        const request = await entry.request(principal, fixture);
        const response = await call(fixture.app, method, request.path, {
          as: request.as,
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(request.headers ? { headers: request.headers } : {}),
        });
        const expected = entry.expect[principal];
        // An event stream stays open until its reader lets go.
        if (response.headers.get("content-type")?.startsWith("text/event-stream"))
          await response.body?.cancel();
        if (response.status !== expected) {
          mismatches.push(
            `${key} as ${principal}: ${response.status} (expected ${expected}) ${await response.text()}`,
          );
        } else if (!(String(expected) in operation.responses)) {
          mismatches.push(`${key} as ${principal}: ${expected} is not documented`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Every operation × every principal, one request after another (uploads re-encode photos): minutes, not seconds.
  }, 300_000);

  it("serves the document and the reference page to anyone", async () => {
    for (const path of UNDOCUMENTED_PUBLIC) expect((await fixture.app.request(path)).status, path).toBe(200);
  });

  it("still knows the demo Open311 key after all that", async () => {
    const response = await call(fixture.app, "GET", "/api/v1/auth/me", {
      as: { kind: "integration", token: DEMO_OPEN311_KEY },
    });
    expect(await response.json()).toMatchObject({ kind: "token", permissions: ["open311:submit"] });
  });
});
