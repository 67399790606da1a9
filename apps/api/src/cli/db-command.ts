// `db backup|restore|move`: the operator's commands for copying the city's database.
// Parsed and run here (testable); `db.ts` is the process entry.
import { existsSync } from "node:fs";
import path from "node:path";
import { isOtklikError } from "@otklik/core";
import {
  backupDatabase,
  type CopyProgress,
  connect,
  type Database,
  formatLoadReport,
  moveDatabase,
  restoreDatabase,
} from "@otklik/db";
import { z } from "zod";
import type { ApiEnv } from "../config/env.js";
import { migrationSets } from "../server/modules.js";

export const DB_COMMAND_USAGE = `Команды базы данных Отклика / Otklik database commands

  backup <файл/file>            резервная копия базы (DATABASE_URL, иначе OTKLIK_DATA_DIR)
                                back up the database (DATABASE_URL, else OTKLIK_DATA_DIR)
  restore <файл/file> [--force] восстановить копию в пустую базу; --force стирает непустую
                                restore a copy into an empty database; --force erases a non-empty one
  move [--force]                перенести город из PGlite (OTKLIK_DATA_DIR) в PostgreSQL (DATABASE_URL)
                                move the city from PGlite (OTKLIK_DATA_DIR) to PostgreSQL (DATABASE_URL)

  --batch-size <n>              строк за раз / rows per batch (500)

PGlite открывается одним процессом: остановите API перед backup, restore и move на PGlite.
PGlite is one process: stop the API before backup, restore or move on PGlite.`;

const Options = z.object({ force: z.boolean(), batchSize: z.number().int().min(1).max(100_000) });
const Command = z.discriminatedUnion("command", [
  z.object({ command: z.literal("backup"), file: z.string().min(1) }).extend(Options.shape),
  z.object({ command: z.literal("restore"), file: z.string().min(1) }).extend(Options.shape),
  z.object({ command: z.literal("move") }).extend(Options.shape),
  z.object({ command: z.literal("help") }),
]);
export type DbCommand = z.infer<typeof Command>;

export class UsageError extends Error {}

/** Parses `argv` (after the script name) into a command, or throws a {@link UsageError} saying what is wrong. */
export function parseDbCommand(argv: readonly string[]): DbCommand {
  const positional: string[] = [];
  let force = false;
  let batchSize = 500;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--force") force = true;
    else if (arg === "--help" || arg === "-h") return { command: "help" };
    else if (arg === "--batch-size") batchSize = Number(argv[++index]);
    else if (arg.startsWith("--batch-size=")) batchSize = Number(arg.slice("--batch-size=".length));
    else if (arg.startsWith("-")) throw new UsageError(`Неизвестный флаг / Unknown flag: ${arg}`);
    else positional.push(arg);
  }
  const [command, file, ...rest] = positional;
  if (rest.length > 0) throw new UsageError(`Лишние аргументы / Extra arguments: ${rest.join(" ")}`);
  const parsed = Command.safeParse({ command: command ?? "help", file, force, batchSize });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") ?? "";
    const hint =
      where === "command"
        ? `неизвестная команда «${command}» / unknown command "${command}"`
        : where === "file"
          ? "укажите файл копии / name the backup file"
          : where === "batchSize"
            ? "--batch-size: целое от 1 до 100000 / an integer from 1 to 100000"
            : (issue?.message ?? "");
    throw new UsageError(hint);
  }
  return parsed.data;
}

export interface DbCommandIo {
  /** One line for the operator. */
  print(line: string): void;
}

type Env = Pick<ApiEnv, "DATABASE_URL" | "OTKLIK_DATA_DIR" | "OTKLIK_TIME_ZONE">;

/** Runs a parsed command. Throws an `OtklikError` (refusals, damaged archives) or the database's error. */
export async function runDbCommand(command: DbCommand, env: Env, io: DbCommandIo): Promise<void> {
  if (command.command === "help") {
    io.print(DB_COMMAND_USAGE);
    return;
  }
  const started = Date.now();
  const progress = progressPrinter(io);
  if (command.command === "move") {
    if (!env.DATABASE_URL) {
      throw new UsageError(
        "Укажите целевой PostgreSQL в DATABASE_URL / Set the target PostgreSQL in DATABASE_URL (postgres://user:password@host:5432/db)",
      );
    }
    assertPgliteFolder(env.OTKLIK_DATA_DIR);
    io.print(
      `Перенос / Moving: PGlite ${path.resolve(env.OTKLIK_DATA_DIR)} → ${describeUrl(env.DATABASE_URL)}`,
    );
    const source = await connect({ dataDir: env.OTKLIK_DATA_DIR });
    try {
      const target = await connect({
        url: env.DATABASE_URL,
        maxConnections: 2,
        applicationName: "otklik-move",
      });
      try {
        const report = await moveDatabase(source, target, {
          migrations: migrationSets,
          force: command.force,
          batchSize: command.batchSize,
          onProgress: progress,
        });
        io.print("");
        io.print(formatLoadReport(report));
        io.print(
          `Перенесено и сверено за ${seconds(started)} с; запускайте API с DATABASE_URL / ` +
            `Moved and verified in ${seconds(started)} s; start the API with DATABASE_URL`,
        );
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
    return;
  }

  const db = await openConfigured(env, command.command === "backup");
  try {
    if (command.command === "backup") {
      io.print(`Резервная копия / Backup: ${db.kind} ${db.location} → ${command.file}`);
      const result = await backupDatabase(db, {
        file: command.file,
        batchSize: command.batchSize,
        onProgress: progress,
      });
      const rows = result.manifest.tables.reduce((sum, table) => sum + table.rows, 0);
      io.print(
        `Готово / Done: ${result.manifest.tables.length} таблиц / tables, ${rows} строк / rows, ` +
          `${result.bytes} байт / bytes, ${seconds(started)} с / s; ` +
          `снимок на / snapshot at ${cityTime(result.manifest.createdAt, env.OTKLIK_TIME_ZONE)}`,
      );
    } else {
      io.print(`Восстановление / Restore: ${command.file} → ${db.kind} ${db.location}`);
      const report = await restoreDatabase(db, {
        file: command.file,
        migrations: migrationSets,
        force: command.force,
        batchSize: command.batchSize,
        onProgress: progress,
      });
      io.print("");
      io.print(formatLoadReport(report));
      io.print(
        `Восстановлено и сверено за ${seconds(started)} с / Restored and verified in ${seconds(started)} s`,
      );
    }
  } finally {
    await db.close();
  }
}

/** Opens the database the API would use; a backup of a PGlite folder that holds no database is refused. */
async function openConfigured(env: Env, mustExist: boolean): Promise<Database> {
  if (env.DATABASE_URL)
    return connect({ url: env.DATABASE_URL, maxConnections: 2, applicationName: "otklik-backup" });
  if (mustExist) assertPgliteFolder(env.OTKLIK_DATA_DIR);
  return connect({ dataDir: env.OTKLIK_DATA_DIR });
}

function assertPgliteFolder(dataDir: string): void {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new UsageError(
      `В ${path.resolve(dataDir)} нет базы PGlite: проверьте OTKLIK_DATA_DIR / ` +
        `${path.resolve(dataDir)} holds no PGlite database: check OTKLIK_DATA_DIR`,
    );
  }
}

/** A line when a table starts, then at most one a second while it copies, and one when it is done. */
function progressPrinter(io: DbCommandIo): (progress: CopyProgress) => void {
  let last = 0;
  return ({ table, done, total }) => {
    const now = Date.now();
    if (done === 0 || done === total || now - last >= 1000) {
      last = now;
      if (done === 0 && total > 0) return;
      io.print(`  ${table}: ${done}/${total}`);
    }
  };
}

const seconds = (started: number): string => ((Date.now() - started) / 1000).toFixed(1);

function cityTime(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short", timeStyle: "medium", timeZone }).format(
    new Date(iso),
  );
  return `${text} (${timeZone})`;
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** The message an operator sees for an error: refusals are explained, anything else is shown as it is. */
export function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${DB_COMMAND_USAGE}`;
  if (isOtklikError(error)) {
    const details = (error.details ?? []).map((detail) => `  ${detail.path.join(" ")}: ${detail.message}`);
    return [error.message, ...details].join("\n");
  }
  return `Ошибка / Error: ${(error as Error).message ?? String(error)}`;
}
