// Publishing "internally": every package goes to a private registry (a local Verdaccio
// here) and is installed from it into an empty project that imports and type-checks it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "otklik-registry-"));
let registry: ChildProcess | undefined;
let registryUrl = "";
let token = "";

const packages = readdirSync(path.join(root, "packages"))
  .filter((name) => existsSync(path.join(root, "packages", name, "package.json")))
  .map((name) => JSON.parse(readFileSync(path.join(root, "packages", name, "package.json"), "utf8")))
  .filter((manifest) => !manifest.private) as { name: string; version: string }[];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  registryUrl = `http://127.0.0.1:${port}/`;
  const config = path.join(work, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${path.join(work, "storage")}`,
      "auth:",
      `  htpasswd: { file: ${path.join(work, "htpasswd")}, max_users: 10 }`,
      "uplinks: {}",
      "packages:",
      "  '@otklik/*': { access: $authenticated, publish: $authenticated }",
      "  '**': { access: $all }",
      "log: { type: stdout, format: json, level: error }",
      "",
    ].join("\n"),
  );
  registry = spawn(
    path.join(root, "node_modules/.bin/verdaccio"),
    ["--config", config, "--listen", `127.0.0.1:${port}`],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${registryUrl}-/ping`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const signUp = await fetch(`${registryUrl}-/user/org.couchdb.user:release`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release", password: "release-password-1" }),
  });
  expect(signUp.status).toBe(201);
  token = ((await signUp.json()) as { token: string }).token;
});

afterAll(() => {
  registry?.kill();
  rmSync(work, { recursive: true, force: true });
});

it("publishes every package and a fresh project installs, imports and type-checks them", async () => {
  await exec("node", ["scripts/release.mjs", "publish", "--registry", registryUrl, "--token", token], {
    cwd: root,
    env: { ...process.env, OTKLIK_REGISTRY_TOKEN: "" },
  });

  for (const manifest of packages) {
    const response = await fetch(`${registryUrl}${manifest.name.replace("/", "%2f")}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status, `${manifest.name} is in the registry`).toBe(200);
    const document = (await response.json()) as {
      versions: Record<string, { dependencies?: Record<string, string> }>;
    };
    const published = document.versions[manifest.version];
    expect(published, `${manifest.name}@${manifest.version}`).toBeDefined();
    // workspace: and catalog: ranges are replaced by real versions when published.
    for (const range of Object.values(published?.dependencies ?? {}))
      expect(range).not.toMatch(/workspace:|catalog:/);
  }

  const consumer = path.join(work, "consumer");
  const dependencies = Object.fromEntries(packages.map((manifest) => [manifest.name, manifest.version]));
  await exec("mkdir", ["-p", consumer]);
  writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify(
      // A consumer on Node.js has Node's types, as every package here expects.
      {
        name: "consumer",
        private: true,
        type: "module",
        dependencies,
        devDependencies: { "@types/node": "^20" },
      },
      null,
      2,
    ),
  );
  const host = registryUrl.replace(/^http:/, "");
  writeFileSync(
    path.join(consumer, ".npmrc"),
    `@otklik:registry=${registryUrl}\n${host}:_authToken=${token}\n`,
  );
  await exec("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: consumer });

  const imports = packages.map((manifest, index) => `import * as package${index} from "${manifest.name}";`);
  const uses = packages.map((_, index) => `console.log(Object.keys(package${index}).length);`);
  // Typed use of the public surface: a wrong or missing declaration fails tsc here.
  const typed = [
    'import { newId } from "@otklik/core";',
    'import { russianProductionCalendar } from "@otklik/sla";',
    'const id: string = newId("inc");',
    'const kind: "working" | "shortened" | "non-working" = russianProductionCalendar().dayKind("2026-05-08");',
    'console.log(id.startsWith("inc_"), kind);',
  ];
  writeFileSync(path.join(consumer, "index.ts"), [...typed, ...imports, ...uses].join("\n"));
  writeFileSync(
    path.join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        // Third-party declarations (drizzle-orm's for every dialect) are not ours to check;
        // ours are resolved and used below, and attw checks them in every package.
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    }),
  );
  const typecheck = await exec(path.join(root, "node_modules/.bin/tsc"), ["-p", "."], {
    cwd: consumer,
  }).catch((error: { stdout?: string }) => ({ stdout: `tsc failed:\n${error.stdout ?? String(error)}` }));
  expect(typecheck.stdout).toBe("");

  await exec(path.join(root, "node_modules/.bin/tsc"), ["-p", ".", "--noEmit", "false", "--outDir", "out"], {
    cwd: consumer,
  });
  const { stdout } = await exec("node", ["out/index.js"], { cwd: consumer });
  const [typedLine, ...counts] = stdout.trim().split("\n");
  expect(typedLine).toBe("true shortened");
  const exportCounts = counts.map(Number);
  expect(exportCounts).toHaveLength(packages.length);
  for (const count of exportCounts) expect(count).toBeGreaterThan(0);
});
