// The backup archive: gzip'd JSON lines. Line 1 is the manifest; then, per table in the
// manifest's order, `{"table":"schema.name"}`, one JSON array of text values per row, and
// `{"end":"schema.name","rows":N}`; the last line is `{"complete":true}`. It is written to a
// temporary file that is renamed only once complete, so a crash never leaves a file that looks whole.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { access, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { fromZodError, OtklikError } from "@otklik/core";
import { tableKey } from "./catalog.js";
import { type ManifestTable, SnapshotManifest, type SnapshotSource, type TextRow } from "./manifest.js";

export interface ArchiveProgress {
  table: string;
  done: number;
  total: number;
}

/**
 * Writes `source` to `file` (refusing an existing file) and answers its size in bytes.
 * `onTable` is told after each batch how far the table has come.
 */
export async function writeArchive(
  source: SnapshotSource,
  file: string,
  options: { batchSize: number; onProgress?: ((progress: ArchiveProgress) => void) | undefined },
): Promise<number> {
  if (await exists(file)) {
    throw new OtklikError(
      "conflict",
      `Файл ${file} уже существует: выберите другое имя / ${file} already exists: choose another name`,
    );
  }
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const output = createWriteStream(partial);
  const gzip = createGzip();
  gzip.pipe(output);
  const closed = once(output, "close");
  const write = async (value: unknown): Promise<void> => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, "drain");
  };
  try {
    await write(source.manifest);
    for (const table of source.manifest.tables) {
      const key = tableKey(table);
      await write({ table: key });
      let rows = 0;
      for await (const batch of source.rows(table, options.batchSize)) {
        for (const row of batch) await write(row);
        rows += batch.length;
        options.onProgress?.({ table: key, done: rows, total: table.rows });
      }
      if (rows !== table.rows) {
        throw new Error(`${key}: read ${rows} rows, the snapshot counted ${table.rows}`);
      }
      await write({ end: key, rows });
    }
    await write({ complete: true });
    gzip.end();
    await closed;
    const handle = await open(partial, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    const stats = await open(file, "r").then(async (handle) => {
      try {
        return await handle.stat();
      } finally {
        await handle.close();
      }
    });
    return stats.size;
  } catch (error) {
    gzip.destroy();
    output.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

const broken = (file: string, what: { ru: string; en: string }): OtklikError =>
  new OtklikError(
    "validation_failed",
    `Архив ${file} повреждён или неполон: ${what.ru} / The archive ${file} is damaged or incomplete: ${what.en}`,
  );

/** An archive opened for reading: a {@link SnapshotSource} over its lines, read once, front to back. */
export interface ArchiveReader extends SnapshotSource {
  /** Checks that the archive ends with its completion line after the last table. */
  finish(): Promise<void>;
  close(): void;
}

/** Opens an archive and checks its manifest; the rows are read as the tables are asked for. */
export async function openArchive(file: string): Promise<ArchiveReader> {
  if (!(await exists(file))) {
    throw new OtklikError("not_found", `Файла ${file} нет / ${file} does not exist`);
  }
  const input = createReadStream(file);
  const gunzip = createGunzip();
  // A read error (not gzip, cut short) surfaces through the line iterator below.
  input.on("error", (error) => gunzip.destroy(error));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  const close = (): void => {
    input.destroy();
    gunzip.destroy();
  };

  async function next(): Promise<unknown> {
    let result: IteratorResult<string>;
    try {
      result = await lines.next();
    } catch (error) {
      throw broken(file, {
        ru: `не читается (${(error as Error).message})`,
        en: `unreadable (${(error as Error).message})`,
      });
    }
    if (result.done) throw broken(file, { ru: "обрывается", en: "it ends too early" });
    try {
      return JSON.parse(result.value) as unknown;
    } catch {
      throw broken(file, { ru: "строка не JSON", en: "a line is not JSON" });
    }
  }

  let manifest: SnapshotManifest;
  try {
    const parsed = SnapshotManifest.safeParse(await next());
    if (!parsed.success) {
      const error = fromZodError(parsed.error);
      throw new OtklikError(
        "validation_failed",
        `${file} — не архив Отклика / not an Otklik backup: ${error.message}`,
        error.details ? { details: error.details } : {},
      );
    }
    manifest = parsed.data;
  } catch (error) {
    close();
    throw error;
  }

  async function* rows(table: ManifestTable, batchSize: number): AsyncGenerator<TextRow[]> {
    const key = tableKey(table);
    const start = (await next()) as { table?: unknown };
    if (start?.table !== key) {
      throw broken(file, { ru: `ожидалась таблица ${key}`, en: `table ${key} was expected` });
    }
    let batch: TextRow[] = [];
    let count = 0;
    for (;;) {
      const line = await next();
      if (Array.isArray(line)) {
        if (line.length !== table.columns.length || !line.every((v) => v === null || typeof v === "string")) {
          throw broken(file, {
            ru: `строка таблицы ${key} не по схеме`,
            en: `a row of ${key} has the wrong shape`,
          });
        }
        batch.push(line as TextRow);
        count += 1;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
        continue;
      }
      const end = line as { end?: unknown; rows?: unknown };
      if (end?.end !== key || end.rows !== count || count !== table.rows) {
        throw broken(file, {
          ru: `в таблице ${key} ${count} строк вместо ${table.rows}`,
          en: `table ${key} has ${count} rows instead of ${table.rows}`,
        });
      }
      if (batch.length > 0) yield batch;
      return;
    }
  }

  return {
    manifest,
    rows,
    async finish() {
      const last = (await next()) as { complete?: unknown };
      if (last?.complete !== true)
        throw broken(file, { ru: "нет строки завершения", en: "no completion line" });
    },
    close,
  };
}
