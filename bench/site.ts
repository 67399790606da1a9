// Benchmark of the public site (issue 9): autocannon on the home page and a publication page (p50, p99,
// requests a second) with the site's short cache of the API's answers warm; the weight of every page type
// (HTML, CSS, JS, raw and gzip as served); Lighthouse performance and accessibility of the home page in
// Debian's Chromium. Run from the repository root after building the API and the site:
//   pnpm exec tsx bench/site.ts        (BENCH_SECONDS=10 by default)
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CHROMIUM = process.env.OTKLIK_CHROMIUM_PATH ?? "/usr/bin/chromium";
const HEARING = "/publications/demo-obshestvennye-obsuzhdeniya-proekta-pravil-blagoustrojstva";
const STATEMENT = "/publications/demo-ob-otklyuchenii-goryachej-vody-v-mikrorajone-internacionalnyj";

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await fetch(url)
      .then(async (response) => {
        await response.body?.cancel();
        return response.status;
      })
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 in 120 s`);
}

/** The bytes as sent on the wire (gzip when asked for), without fetch's transparent decoding. */
function wireBytes(url: string, gzip: boolean): Promise<{ bytes: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: gzip ? { "accept-encoding": "gzip" } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolve({
          bytes: raw.length,
          status: response.statusCode ?? 0,
          body: gzip ? "" : raw.toString("utf8"),
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

interface Weight {
  page: string;
  html: [number, number];
  css: [number, number];
  js: [number, number];
}

async function weigh(site: string, page: string, path: string): Promise<Weight> {
  const plain = await wireBytes(`${site}${path}`, false);
  const zipped = await wireBytes(`${site}${path}`, true);
  const styles = [...plain.body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]!);
  const scripts = [...plain.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
  const sum = async (paths: string[]): Promise<[number, number]> => {
    let raw = 0;
    let gzip = 0;
    for (const asset of paths) {
      raw += (await wireBytes(`${site}${asset}`, false)).bytes;
      gzip += (await wireBytes(`${site}${asset}`, true)).bytes;
    }
    return [raw, gzip];
  };
  return { page, html: [plain.bytes, zipped.bytes], css: await sum(styles), js: await sum(scripts) };
}

async function hammer(url: string): Promise<{ p50: number; p99: number; rps: number; non2xx: number }> {
  await autocannon({ url, connections: CONNECTIONS, duration: 3 }); // warm-up
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "accept-encoding": "gzip" },
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    non2xx: result.non2xx,
  };
}

async function lighthouseHome(url: string): Promise<{ performance: number; accessibility: number } | string> {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), "otklik-lh-"));
  const chromium: ChildProcess = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  try {
    await waitFor(`http://127.0.0.1:${port}/json/version`);
    const { default: lighthouse } = await import("lighthouse");
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    const categories = result?.lhr.categories;
    return {
      performance: Math.round((categories?.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
    };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    chromium.kill("SIGTERM");
    await once(chromium, "exit").catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const children: Child[] = [];
  try {
    const apiPort = await freePort();
    const api = await startChild({
      name: "API",
      args: ["apps/api/dist/main.js"],
      cwd: ROOT,
      port: apiPort,
      probe: "/api/health",
      env: {
        HOST: "127.0.0.1",
        OTKLIK_DATA_DIR: "memory://",
        OTKLIK_DEMO: "1",
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
      },
    });
    children.push(api);
    await waitFor(`${api.url}/api/ready`);
    const sitePort = await freePort();
    const site = await startChild({
      name: "site",
      args: ["apps/site/dist/main.js"],
      cwd: ROOT,
      port: sitePort,
      probe: "/",
      env: {
        SITE_PORT: String(sitePort),
        HOST: "127.0.0.1",
        OTKLIK_API_URL: api.url,
        NODE_ENV: "production",
      },
    });
    children.push(site);
    await waitFor(`${site.url}/`);

    const pages: [string, string][] = [
      ["home", "/"],
      ["list (news)", "/news"],
      ["statement", STATEMENT],
      ["hearing with form", HEARING],
      ["search", "/search?q=%D0%B2%D0%BE%D0%B4%D0%B0"],
      ["handbook", "/handbook"],
      ["report form", "/report"],
      ["map", "/map"],
    ];
    const weights: Weight[] = [];
    for (const [name, path] of pages) weights.push(await weigh(site.url, name, path));

    const home = await hammer(`${site.url}/`);
    const publication = await hammer(`${site.url}${STATEMENT}`);
    const lighthouse = await lighthouseHome(`${site.url}/`);

    console.log(
      `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ${SECONDS} s per run, ${CONNECTIONS} connections, gzip accepted`,
    );
    console.log("\n| page | p50 | p99 | requests/s | non-2xx |\n| --- | ---: | ---: | ---: | ---: |");
    for (const [name, run] of [
      ["home `/`", home],
      ["publication", publication],
    ] as const)
      console.log(`| ${name} | ${run.p50} ms | ${run.p99} ms | ${Math.round(run.rps)} | ${run.non2xx} |`);
    console.log(
      "\n| page type | HTML raw / gzip | CSS raw / gzip | JS raw / gzip | total gzip |\n| --- | ---: | ---: | ---: | ---: |",
    );
    for (const w of weights)
      console.log(
        `| ${w.page} | ${kb(w.html[0])} / ${kb(w.html[1])} | ${kb(w.css[0])} / ${kb(w.css[1])} | ${w.js[0] === 0 ? "none" : `${kb(w.js[0])} / ${kb(w.js[1])}`} | ${kb(w.html[1] + w.css[1] + w.js[1])} |`,
      );
    console.log(
      typeof lighthouse === "string"
        ? `\nLighthouse could not run: ${lighthouse}`
        : `\nLighthouse (home, Chromium headless, default mobile profile): performance ${lighthouse.performance}, accessibility ${lighthouse.accessibility}`,
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

await main();
