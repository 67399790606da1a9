import { type Clock, manualClock } from "@otklik/core";
import { runSeeds } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { identityDemoSeed, identityMigrations, systemActor } from "@otklik/identity";
import { describe, expect, it } from "vitest";
import { listHandbookSections } from "../handbook/handbook.js";
import { contentMigrations } from "../migrations.js";
import { listPublicPublications } from "../publication/list-publications.js";
import { listPublishers } from "../publication/publishers.js";
import { searchPublications } from "../search/search.js";
import { listVariants } from "../variants/variants.js";
import { contentDemoSeed } from "./demo-seed.js";

describe.each(testBackends())("Abakan demo content on %s", (backend) => {
  it("seeds live publications of each kind, an open hearing and the handbook, once", async () => {
    await using db = await createTestDatabase({
      backend,
      migrations: [identityMigrations, contentMigrations],
    });
    const clock = manualClock("2026-11-27T02:00:00Z") as Clock;
    const seeds = [
      identityDemoSeed({ passwordHashing: { memoryCost: 256, timeCost: 1, parallelism: 1 } }),
      contentDemoSeed,
    ];
    await runSeeds(db, seeds, { clock });
    await runSeeds(db, seeds, { clock });
    const page = await listPublicPublications({ db }, { limit: 100 });
    expect(new Set(page.items.map((item) => item.type))).toEqual(
      new Set(["official_statement", "news", "announcement", "hearing", "handbook_article"]),
    );
    expect(page.items.every((item) => item.title.startsWith("[Демо]"))).toBe(true);
    const hearing = page.items.find((item) => item.type === "hearing")!;
    const fields = hearing.fields as { opensAt: string; closesAt: string };
    expect(new Date(fields.opensAt) <= clock.now() && clock.now() < new Date(fields.closesAt)).toBe(true);
    expect((await listPublishers({ db })).map((publisher) => publisher.kind).sort()).toEqual([
      "administration",
      "council",
      "election_commission",
    ]);
    expect(await listHandbookSections({ db })).toHaveLength(1);
    const [hit] = (await searchPublications({ db }, { q: "яма дорога" })).items;
    expect(hit?.title).toBe("[Демо] В Абакане начался ямочный ремонт дорог");
    const statement = page.items.find((item) => item.type === "official_statement")!;
    const posts = await listVariants({ db, clock, actor: systemActor("test") }, statement.id);
    expect(posts.map((post) => post.state)).toEqual(["queued", "queued", "queued", "queued"]);
    expect((await listPublicPublications({ db }, { tag: "дороги" })).items).toHaveLength(1);
  });
});
