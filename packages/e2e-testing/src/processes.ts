import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Where the built API is: tests run the real one, never a stand-in. */
export const API_ENTRY = path.resolve(import.meta.dirname, "../../../apps/api/dist/main.js");

/** Asks the system for a port nobody listens on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once the process has gone. */
  stop(): Promise<number | null>;
}

/** Runs a built Node server as a child process and waits until `readyPath` answers 200. */
export async function startNodeServer(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  port: number;
  readyPath: string;
  timeoutMs?: number;
}): Promise<ChildServer> {
  if (!existsSync(options.entry)) {
    throw new Error(
      `${options.name} is not built: ${options.entry} is missing; run "pnpm build" at the root first`,
    );
  }
  const child = spawn(process.execPath, [options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const server: ChildServer = {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}${options.readyPath}`);
      await response.body?.cancel();
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`${options.name} did not answer ${options.readyPath} in time:\n${output}`);
}

/**
 * Starts the real API on a free port with the demo data: on an in-memory database, or on `databaseUrl` (a
 * PostgreSQL database). `env` adds to or overrides its environment; `timeoutMs` is how long it may take to
 * answer `/api/ready` (longer on a loaded machine or a fresh PostgreSQL database).
 */
export async function startApi(
  options: { databaseUrl?: string | undefined; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ChildServer> {
  const port = await freePort();
  return startNodeServer({
    name: "API",
    entry: API_ENTRY,
    port,
    readyPath: "/api/ready",
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      OTKLIK_DATA_DIR: "memory://",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      OTKLIK_DEMO: "1",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      ...options.env,
    },
  });
}
