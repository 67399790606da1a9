// The admin newsroom's helper routes over HTTP: Markdown preview, allowed verbs, the pages' limits,
// the publishing calendar and the hearings' moderation queue, each with its refusals.

import { createPublisher } from "@otklik/content";
import { type Clock, systemClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe.each(testBackends())("the newsroom's routes on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let editor: Browser;
  let operator: Browser;
  let publisherId: string;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    api = await createTestApi({ db, content: { siteUrl: "https://abakan.example" } });
    const { browsers } = await demoStaff(api.app, { db, clock: systemClock as Clock });
    editor = browsers.editor;
    operator = browsers.operator;
    publisherId = (
      await createPublisher(
        { db, clock: systemClock, actor: systemActor("test") },
        { kind: "administration", name: "Администрация города Абакана", shortName: "Администрация" },
      )
    ).id;
  });
  afterAll(async () => {
    await api?.db.close();
  });

  const request = async (method: string, path: string, as: Browser | undefined, body?: unknown) => {
    const response = await call(api.app, method, path, { ...(as ? { as } : {}), ...(body ? { body } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("renders Markdown with the site's safe renderer, for editors only", async () => {
    const preview = await request("POST", "/api/v1/publications/preview", editor, {
      body: "**Важно**\n\n[ссылка](javascript:alert(1)) <script>alert(1)</script>",
    });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain("<strong>Важно</strong>");
    expect(preview.body.html).not.toContain("<script>");
    expect(preview.body.html).not.toContain('href="javascript');
    expect((await request("POST", "/api/v1/publications/preview", operator, { body: "x" })).status).toBe(403);
    expect((await request("POST", "/api/v1/publications/preview", undefined, { body: "x" })).status).toBe(
      401,
    );
    const invalid = await request("POST", "/api/v1/publications/preview", editor, { body: 5 });
    expect(invalid.status).toBe(422);
    expect(String((invalid.body.error as { message: string }).message)).toContain(" / ");
  });

  it("answers the verbs the editor may use as the state moves, and 404 for no publication", async () => {
    const created = await request("POST", "/api/v1/publications", editor, {
      type: "official_statement",
      title: "Заявление о паводке",
      body: "Уровень воды в Абакане растёт.",
      publisherId,
    });
    const id = created.body.id as string;
    expect((await request("GET", `/api/v1/publications/${id}/actions`, editor)).body).toEqual({
      state: "draft",
      verbs: ["submit", "archive"],
    });
    await request("POST", `/api/v1/publications/${id}/submit`, editor);
    expect((await request("GET", `/api/v1/publications/${id}/actions`, editor)).body.verbs).toEqual([
      "approve",
      "return",
    ]);
    expect((await request("GET", `/api/v1/publications/${id}/actions`, operator)).status).toBe(403);
    expect((await request("GET", "/api/v1/publications/pub_none/actions", editor)).status).toBe(404);

    // Scheduled: the site and the four pages appear in the calendar at the publishing time.
    await request("POST", `/api/v1/publications/${id}/approve`, editor);
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    expect((await request("POST", `/api/v1/publications/${id}/schedule`, editor, { publishAt })).status).toBe(
      200,
    );
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const calendar = await request(
      "GET",
      `/api/v1/publication-calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      editor,
    );
    expect(calendar.status).toBe(200);
    const entries = (calendar.body.items as { publicationId: string; channel: string; at: string }[]).filter(
      (entry) => entry.publicationId === id,
    );
    expect(entries.map((entry) => entry.channel)).toEqual(["site", "vk", "telegram", "ok", "max"]);
    expect(new Set(entries.map((entry) => entry.at))).toEqual(new Set([publishAt]));
    const tooLong = await request(
      "GET",
      `/api/v1/publication-calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(
        new Date(Date.now() + 90 * 86_400_000).toISOString(),
      )}`,
      editor,
    );
    expect(tooLong.status).toBe(422);
    expect(
      (await request("GET", "/api/v1/publication-calendar?from=yesterday&to=today", editor)).status,
    ).toBe(422);
  });

  it("gives the four pages' limits and an empty moderation queue, to editors only", async () => {
    const limits = await request("GET", "/api/v1/variant-limits", editor);
    expect(limits.body.items).toContainEqual({
      platform: "telegram",
      textLength: 4096,
      captionLength: 1024,
      photoCount: 10,
    });
    expect((await request("GET", "/api/v1/variant-limits", operator)).status).toBe(403);
    const queue = await request("GET", "/api/v1/hearing-comments/pending", editor);
    expect(queue).toEqual({ status: 200, body: { items: [] } });
    expect((await request("GET", "/api/v1/hearing-comments/pending?limit=0", editor)).status).toBe(422);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const document = (await (await call(api.app, "GET", "/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/api/v1/publications/preview",
      "/api/v1/publications/{id}/actions",
      "/api/v1/variant-limits",
      "/api/v1/publication-calendar",
      "/api/v1/hearing-comments/pending",
    ])
      expect(Object.keys(document.paths)).toContain(path);
  });
});
