// A throwaway PostgreSQL 15 cluster of the test's own (initdb + pg_ctl on a spare port in a temp folder), so a
// test may stop and start its server without touching the machine's shared one at 5432.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const POSTGRES_BIN = process.env.OTKLIK_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  dataDir: string;
  /** `pg_ctl stop` (`fast`: sessions are ended with 57P01 admin_shutdown; `immediate`: no clean shutdown). */
  stop(mode?: "fast" | "immediate"): void;
  start(): void;
  /** Stops the server and removes its folder. */
  destroy(): void;
  /** The last lines of the server's log. */
  log(): string;
}

/**
 * Makes and starts a cluster. initdb refuses to run as root, so as root the binaries run as the `postgres`
 * OS user (`runuser -u postgres --`) in a folder that user owns. Missing binaries throw (never a skip).
 */
export function createPgCluster(port: number): PgCluster {
  for (const binary of ["initdb", "pg_ctl"]) {
    if (!existsSync(path.join(POSTGRES_BIN, binary))) {
      throw new Error(
        `PostgreSQL 15 не найден: нет ${path.join(POSTGRES_BIN, binary)} (apt-get install postgresql-15 или OTKLIK_PG_BIN) / ` +
          `PostgreSQL 15 binaries not found: ${path.join(POSTGRES_BIN, binary)} is missing (install postgresql-15 or set OTKLIK_PG_BIN)`,
      );
    }
  }
  const asRoot = process.getuid?.() === 0;
  const root = mkdtempSync(path.join(os.tmpdir(), "otklik-pgcluster-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(root, uid, gid);
    chmodSync(root, 0o700);
  }
  const run = (binary: string, args: string[]) => {
    const command = path.join(POSTGRES_BIN, binary);
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    return execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 }).toString();
  };
  run("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--no-sync",
    "--locale=C.UTF-8",
  ]);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${root}`,
    "-c fsync=off",
    "-c max_connections=100",
  ].join(" ");
  let running = false;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start() {
      run("pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-o", options, "-w", "-t", "60"]);
      running = true;
    },
    stop(mode = "fast") {
      run("pg_ctl", ["stop", "-D", dataDir, "-m", mode, "-w", "-t", "60"]);
      running = false;
    },
    destroy() {
      try {
        if (running) cluster.stop("immediate");
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    log() {
      try {
        return execFileSync("tail", ["-n", "40", logFile]).toString();
      } catch {
        return "";
      }
    },
  };
  try {
    cluster.start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}
