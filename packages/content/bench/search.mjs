// Search over 100,000 live publications: `node bench/search.mjs` after `pnpm build` (PGlite in
// memory), or with DATABASE_URL=postgres://… for a server (a scratch database: tables are created).
// Not a test: it prints figures for the README.
import { connect, dbMigrations, migrate } from "@otklik/db";
import { identityMigrations } from "@otklik/identity";
import { contentMigrations, searchPublications } from "../dist/index.js";

const COUNT = Number(process.env.COUNT ?? 100_000);
const db = await connect(
  process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: "memory://" },
);
await migrate(db, [dbMigrations, identityMigrations, contentMigrations]);

const subjects = [
  "Ремонт дорог",
  "Отключение горячей воды",
  "Вывоз снега",
  "Концерт в парке",
  "Субботник",
  "Публичные слушания",
  "Благоустройство дворов",
  "Расписание автобусов",
  "Ямы на дорогах",
  "Освещение улиц",
  "Детские площадки",
  "Приём граждан",
];
const streets = [
  "Ленина",
  "Пушкина",
  "Щетинкина",
  "Чертыгашева",
  "Кирова",
  "Советской",
  "Вяткина",
  "Крылова",
  "Торосова",
  "Некрасова",
];
const verbs = ["начался", "завершён", "перенесён", "запланирован", "продолжается"];

let started = performance.now();
await db.query(
  `INSERT INTO content_publishers (id, kind, name, short_name, created_at) VALUES ('pbl_bench', 'administration', 'Администрация', 'Адм.', now())
   ON CONFLICT DO NOTHING`,
);
await db.query(
  `INSERT INTO content_publications (id, type, state, slug, title, summary, body, tags, attachments, fields, publisher_id,
     revision, live, live_revision, published_at, first_published_at, created_by, created_at, updated_at, search_title, search_text)
   SELECT 'pub_bench_' || g, 'news', 'published', 'bench-' || g, t.title, '', t.body, '[]', '[]', '{}', 'pbl_bench',
          1, '{}'::jsonb, 1, now() - g * interval '1 minute', now(), 'system:bench', now(), now(), t.title, t.body
     FROM generate_series(1, $1::int) AS g,
     LATERAL (SELECT
       ($2::text[])[1 + g % array_length($2::text[], 1)] || ' на улице ' || ($3::text[])[1 + (g / 7) % array_length($3::text[], 1)] AS title,
       'Работы ' || ($4::text[])[1 + (g / 3) % array_length($4::text[], 1)] || ' на улице ' || ($3::text[])[1 + (g / 11) % array_length($3::text[], 1)]
         || '. Подробности по телефону ЕДДС. Номер сообщения ' || g || '.' AS body) AS t
   ON CONFLICT DO NOTHING`,
  [COUNT, subjects, streets, verbs],
);
await db.query("ANALYZE content_publications");
console.log(
  `${db.kind}: ${COUNT.toLocaleString("en")} publications inserted and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const queries = [
  "яма дорога",
  "отключение горячей воды Кирова",
  "концэрт в парке",
  "публичные слушания",
  "освещение",
];
for (const q of queries) {
  const times = [];
  let hits = 0;
  for (let run = 0; run < 11; run++) {
    started = performance.now();
    hits = (await searchPublications({ db }, { q, limit: 20 })).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${q.padEnd(32)} hits ${String(hits).padStart(2)}  median ${times[5].toFixed(1)} ms  max ${times[10].toFixed(1)} ms`,
  );
}
await db.close();
