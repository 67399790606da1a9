#!/usr/bin/env node
// `pnpm start`: build what is stale (turbo's cache), then run the API (which migrates
// and seeds), the site and the admin. Ctrl-C stops all three cleanly.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const apiPort = process.env.PORT ?? "8787";
const sitePort = process.env.SITE_PORT ?? "3000";
const adminPort = process.env.ADMIN_PORT ?? "3001";
const apiUrl = process.env.OTKLIK_API_URL ?? `http://localhost:${apiPort}`;

console.log("Сборка / Building (turbo reuses its cache for what has not changed)…");
const build = spawnSync("turbo", ["run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const services = [
  {
    name: "api",
    entry: "apps/api/dist/main.js",
    // A first look finds a working desk: two weeks of demo incidents (once per database).
    env: { PORT: apiPort, OTKLIK_DEMO_INCIDENTS: process.env.OTKLIK_DEMO_INCIDENTS ?? "1" },
  },
  { name: "site", entry: "apps/site/dist/main.js", env: { SITE_PORT: sitePort, OTKLIK_API_URL: apiUrl } },
  {
    name: "admin",
    entry: "apps/admin/dist/server/main.js",
    env: { ADMIN_PORT: adminPort, OTKLIK_API_URL: apiUrl },
  },
];

const children = [];
let stopping = false;

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nОстанавливаемся / Stopping (${signal})…`);
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  }, 15_000).unref();
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function launch(service) {
  const child = spawn(process.execPath, [service.entry], {
    cwd: root,
    env: { ...process.env, ...service.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? code}); stopping the others.`);
      process.exitCode = code || 1;
      stopAll("child exit");
    }
    if (children.every((other) => other.exitCode !== null || other.signalCode !== null)) process.exit();
  });
  children.push(child);
}

process.on("SIGINT", () => stopAll("SIGINT"));
process.on("SIGTERM", () => stopAll("SIGTERM"));

// The API first: it owns the database and migrates it before anyone asks for data.
launch(services[0]);
if (!(await waitForHealth(`http://localhost:${apiPort}/api/ready`, 120_000))) {
  console.error("The API did not become ready in 2 minutes.");
  stopAll("timeout");
} else {
  launch(services[1]);
  launch(services[2]);
  await waitForHealth(`http://localhost:${sitePort}/`, 30_000);
  await waitForHealth(`http://localhost:${adminPort}/`, 30_000);
  console.log(`
  Отклик запущен / Otklik is running
    API          http://localhost:${apiPort}/api/health   (docs: http://localhost:${apiPort}/api/docs)
    Сайт / Site  http://localhost:${sitePort}
    Админка      http://localhost:${adminPort}
  Ctrl-C — остановить / to stop
`);
}
