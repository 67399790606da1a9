// Benchmark of the site search (issue 7, "Speed"): 100,000 Russian publications, 200 fixed queries through the
// API (`GET /api/v1/search`, the real server as a child process), p50/p95/p99 per query class on PGlite and on
// PostgreSQL. Targets: p95 under 30 ms on PostgreSQL and under 100 ms on PGlite.
// Run from the repository root after building the API: `pnpm exec tsx bench/content-search.ts`.
// Options: BENCH_PROFILE_ONLY=pglite|postgres, BENCH_COUNT (publications, default 100000), BENCH_PASSES (timed
// passes over the queries, default 5), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test; the script
// creates and drops its own database otklik_search_<pid>).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contentMigrations, rebuildSearchWords } from "../packages/content/dist/index.js";
import { connect, type Database, dbMigrations, migrate } from "../packages/db/dist/index.js";
import { identityMigrations } from "../packages/identity/dist/index.js";
import { corpusItem, random } from "./content-corpus.js";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
const ONLY = process.env.BENCH_PROFILE_ONLY;
/** The corpus's newest publication; the API's clock is the real one, so the corpus ends today. */
const NEWEST = new Date();

type QueryClass = "frequent word" | "word" | "phrase" | "typo" | "filtered" | "health (baseline)";
interface BenchQuery {
  kind: QueryClass;
  params: Record<string, string>;
}

async function seed(db: Database): Promise<void> {
  await migrate(db, [dbMigrations, identityMigrations, contentMigrations]);
  await db.query(
    `INSERT INTO content_publishers (id, kind, name, short_name, created_at)
     VALUES ('pbl_bench', 'administration', 'Администрация города Абакана', 'Администрация', now())`,
  );
  const chunk = 2_000;
  for (let start = 0; start < COUNT; start += chunk) {
    const rows = [];
    for (let index = start; index < Math.min(COUNT, start + chunk); index++) {
      const item = corpusItem(index);
      rows.push({ index, type: item.type, title: item.title, body: item.body, age: item.ageMinutes });
    }
    // What publishing writes for search (live snapshot, search title and text), without the workflow's
    // revisions and audit entries; the dictionary is rebuilt once afterwards, as the migration does.
    await db.query(
      `INSERT INTO content_publications (id, type, state, slug, title, summary, body, tags, attachments, fields,
         publisher_id, revision, live, live_revision, published_at, first_published_at, created_by, created_at,
         updated_at, search_title, search_text)
       SELECT 'pub_bench_' || r.index, r.type, 'published', 'bench-' || r.index, r.title, '', r.body, '[]', '[]',
              '{}', 'pbl_bench', 1, jsonb_build_object('title', r.title), 1, $2::timestamptz - r.age * interval '1 minute',
              $2::timestamptz - r.age * interval '1 minute', 'system:bench', now(), now(), r.title, r.body
         FROM jsonb_to_recordset($1::jsonb) AS r(index int, type text, title text, body text, age int)`,
      [JSON.stringify(rows), NEWEST],
    );
  }
  await rebuildSearchWords(db);
  await db.query("VACUUM ANALYZE");
}

const VOWELS = "аеиоуыя";

/** One plausible misspelling of `word`: a vowel changed, two letters swapped, one dropped or doubled. */
function misspell(word: string, next: () => number): string {
  const at = 1 + Math.floor(next() * (word.length - 2));
  switch (Math.floor(next() * 4)) {
    case 0: {
      const vowel = [...word].findIndex((char, index) => index >= at && VOWELS.includes(char));
      if (vowel < 0) return word.slice(0, at) + word.slice(at + 1);
      const others = VOWELS.replace(word[vowel]!, "");
      return word.slice(0, vowel) + others[Math.floor(next() * others.length)] + word.slice(vowel + 1);
    }
    case 1:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 2:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + word[at] + word.slice(at);
  }
}

/** The 200 queries: fixed by the corpus and a seeded generator, the same on every run and backend. */
async function buildQueries(db: Database): Promise<BenchQuery[]> {
  const dictionary = await db.query<{ word: string; documents: number }>(
    "SELECT word, documents FROM content_search_words ORDER BY documents DESC, word",
  );
  const known = new Set(dictionary.map((row) => row.word));
  const next = random(20_261_127);
  const queries: BenchQuery[] = [];
  const add = (kind: QueryClass, q: string, more: Record<string, string> = {}) =>
    queries.push({ kind, params: { q, ...more } });
  // The corpus's 20 most frequent words (stop words are not in the dictionary: they match nothing).
  for (const { word } of dictionary.slice(0, 20)) add("frequent word", word);
  // Words across the frequency range, and forms the corpus does not have (morphology).
  const rest = dictionary.slice(20);
  for (let i = 0; i < 30; i++) add("word", rest[Math.floor((i * rest.length) / 30)]!.word);
  for (const word of [
    "яма",
    "дорога",
    "концерты",
    "отключения",
    "собака",
    "школы",
    "автобус",
    "фонари",
    "субботники",
    "слушание",
  ])
    add("word", word);
  // Phrases as people type them: two or three words of a title, «яма дорога», some quoted.
  add("phrase", "яма дорога");
  add("phrase", "отключение горячей воды Кирова");
  add("phrase", "публичные слушания бюджет");
  for (let i = 0; queries.filter((query) => query.kind === "phrase").length < 60; i++) {
    const words = corpusItem(Math.floor(next() * COUNT))
      .title.split(/[^а-яёА-ЯЁ-]+/)
      .filter((word) => word.length > 2);
    if (words.length < 2) continue;
    const length = Math.min(words.length, 2 + Math.floor(next() * 2));
    const start = Math.floor(next() * (words.length - length + 1));
    const phrase = words
      .slice(start, start + length)
      .join(" ")
      .toLowerCase();
    add("phrase", i % 4 === 3 ? `"${phrase}"` : phrase);
  }
  // Misspellings of words the site has, alone and in phrases; never a word the site also has.
  const long = dictionary.filter((row) => row.word.length >= 5 && /^[а-я]+$/.test(row.word));
  while (queries.filter((query) => query.kind === "typo").length < 60) {
    const word = long[Math.floor(next() * long.length)]!.word;
    const typo = misspell(word, next);
    if (known.has(typo) || typo === word) continue;
    const inPhrase = queries.filter((query) => query.kind === "typo").length >= 40;
    add("typo", inPhrase ? `${typo} ${long[Math.floor(next() * long.length)]!.word}` : typo);
  }
  // Filters: a type, or a range of dates, with a word or a phrase.
  const types = ["news", "announcement", "notice", "official_statement", "explanatory", "handbook_article"];
  for (let i = 0; i < 20; i++) {
    const q = i % 2 === 0 ? dictionary[Math.floor(next() * 200)]!.word : "ремонт дорог";
    if (i % 3 === 0) add("filtered", q, { type: types[i % types.length]! });
    else {
      const spanDays = Math.max(1, Math.floor((COUNT * 7) / 1440) - 100);
      const to = new Date(NEWEST.getTime() - Math.floor(next() * spanDays) * 86_400_000);
      const from = new Date(to.getTime() - (7 + Math.floor(next() * 90)) * 86_400_000);
      add("filtered", q, { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) });
    }
  }
  return queries;
}

interface Sample {
  kind: QueryClass;
  ms: number;
  hits: number;
  corrected: boolean;
}

async function run(url: string, query: BenchQuery): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(
    query.kind === "health (baseline)"
      ? `${url}/api/ready`
      : `${url}/api/v1/search?${new URLSearchParams(query.params)}`,
  );
  const body = (await response.json()) as { items?: unknown[]; correctedQuery?: string | null };
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`${JSON.stringify(query.params)}: ${response.status} ${JSON.stringify(body)}`);
  return { kind: query.kind, ms, hits: body.items?.length ?? 0, corrected: Boolean(body.correctedQuery) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Row {
  kind: string;
  queries: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  withHits: string;
  corrected: string;
}

function summarise(kind: string, samples: Sample[], queries: number): Row {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const first = samples.slice(0, queries);
  return {
    kind,
    queries,
    requests: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    withHits: `${first.filter((sample) => sample.hits > 0).length}/${queries}`,
    corrected: `${first.filter((sample) => sample.corrected).length}/${queries}`,
  };
}

async function benchBackend(
  name: "PGlite" | "PostgreSQL",
): Promise<{ rows: Row[]; seedSeconds: number; queries: BenchQuery[] }> {
  const env: Record<string, string> = {
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    OTKLIK_DEMO: "0",
    HOST: "127.0.0.1",
  };
  let dataDir: string | undefined;
  let database: string | undefined;
  let api: Child | undefined;
  try {
    let db: Database;
    if (name === "PGlite") {
      dataDir = await mkdtemp(join(tmpdir(), "otklik-search-bench-"));
      env.OTKLIK_DATA_DIR = dataDir;
      db = await connect({ dataDir });
    } else {
      database = `otklik_search_${process.pid}`;
      psql(`CREATE DATABASE ${database}`);
      env.DATABASE_URL = withDatabase(ADMIN_URL, database);
      env.OTKLIK_DATA_DIR = "memory://";
      db = await connect({ url: env.DATABASE_URL });
    }
    const seedStarted = performance.now();
    let queries: BenchQuery[];
    try {
      await seed(db);
      queries = await buildQueries(db);
    } finally {
      await db.close();
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(
      `${name}: ${COUNT.toLocaleString("en")} publications seeded in ${seedSeconds.toFixed(0)} s; ${queries.length} queries`,
    );
    const port = await freePort();
    api = await startChild({
      name: `API on ${name}`,
      args: ["apps/api/dist/main.js"],
      env,
      port,
      probe: "/api/v1/health",
      cwd: ROOT,
    });
    // Correctness first: the example, and a typo corrected.
    const example = await fetch(`${api.url}/api/v1/search?q=${encodeURIComponent("яма дорога")}`);
    const found = (await example.json()) as { items: { title: string }[] };
    if (!found.items.some((item) => /^Ямы на дорогах/.test(item.title)))
      throw new Error(
        `«яма дорога» did not find «Ямы на дорогах…»: ${JSON.stringify(found.items.slice(0, 3))}`,
      );
    for (const query of queries) await run(api.url, query); // warm-up pass
    const samples: Sample[] = [];
    const loads: number[] = [];
    // The API's health check between the searches: what HTTP and one database round trip cost on the
    // machine at that moment, to read the search figures against.
    const health: BenchQuery = { kind: "health (baseline)", params: {} };
    for (let pass = 0; pass < PASSES; pass++) {
      for (const query of queries) {
        samples.push(await run(api.url, query));
        if (samples.length % 5 === 0) samples.push(await run(api.url, health));
      }
      loads.push(loadavg()[0]!);
    }
    log(`${name}: load average during the passes ${loads.map((value) => value.toFixed(1)).join(", ")}`);
    const kinds: QueryClass[] = ["frequent word", "word", "phrase", "typo", "filtered"];
    const rows = kinds.map((kind) =>
      summarise(
        kind,
        // the first pass's samples first, so that the hit counts are per query
        samples.filter((sample) => sample.kind === kind),
        queries.filter((query) => query.kind === kind).length,
      ),
    );
    const searches = samples.filter((sample) => sample.kind !== "health (baseline)");
    rows.push(summarise("all searches", searches, queries.length));
    const checks = samples.filter((sample) => sample.kind === "health (baseline)");
    rows.push({ ...summarise("health (baseline)", checks, checks.length), withHits: "–", corrected: "–" });
    return { rows, seedSeconds, queries };
  } finally {
    await api?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

function psql(sql: string): void {
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const started = Date.now();
function log(line: string): void {
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

const ms = (value: number) => value.toFixed(1);
const results: { name: string; rows: Row[]; target: number }[] = [];
let listed: BenchQuery[] = [];
for (const [name, target] of [
  ["PGlite", 100],
  ["PostgreSQL", 30],
] as const) {
  if (ONLY && ONLY !== (name === "PGlite" ? "pglite" : "postgres")) continue;
  const { rows, queries } = await benchBackend(name);
  listed = queries;
  results.push({ name, rows, target });
}

console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}; ${COUNT.toLocaleString("en")} publications; ` +
    `${listed.length} queries × ${PASSES} timed passes after one warm-up pass, one request at a time, latency measured by the client.\n`,
);
console.log(
  "| backend | query class | queries | requests | p50 ms | p95 ms | p99 ms | max ms | queries with hits | corrected |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const { name, rows } of results)
  for (const row of rows)
    console.log(
      `| ${name} | ${row.kind} | ${row.queries} | ${row.requests} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} | ${row.withHits} | ${row.corrected} |`,
    );
for (const { name, rows, target } of results) {
  const all = rows.find((row) => row.kind === "all searches")!;
  console.log(
    `\n${name}: p95 over all queries ${ms(all.p95)} ms — target under ${target} ms: ${all.p95 < target ? "met" : "NOT met"}`,
  );
}
if (process.env.BENCH_LIST_QUERIES)
  for (const query of listed) console.log(`${query.kind}\t${JSON.stringify(query.params)}`);
