import type { z } from "zod";
import { type ApiClientOptions, ApiUnavailableError, getJson, getText } from "./api-client.js";

export interface ApiCacheOptions extends ApiClientOptions {
  /** How long an answer is used without asking the API again (the "short cache"). */
  freshMilliseconds?: number;
  /** How long an answer may still be shown, marked as possibly out of date, while the API is down. */
  staleMilliseconds?: number;
  /** The most answers kept; the least recently used go first. */
  maxEntries?: number;
  /** After a failed call, how long pages use what they have instead of waiting for the API again. */
  pauseAfterFailureMilliseconds?: number;
  now?: () => number;
}

interface Entry {
  value: unknown;
  fetchedAt: number;
}

/** One answer and whether it is the API's current one or an older copy kept for when the API is down. */
export interface Cached<Value> {
  value: Value;
  stale: boolean;
  fetchedAt: number;
}

/**
 * The site's memory of the API's answers. A fresh answer is reused for `freshMilliseconds`; after
 * that the API is asked again, and when it cannot answer, the last good answer (up to
 * `staleMilliseconds` old, 24 hours by default) is served and marked stale, so every page read in the
 * last day still renders with a notice (stale-if-error). Concurrent asks for one address share one
 * call; after a failure the API is left alone for a few seconds so that pages do not each wait for
 * the timeout.
 */
export class ApiCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private pausedUntil = 0;
  readonly fresh: number;
  readonly staleWindow: number;
  private readonly maxEntries: number;
  private readonly pause: number;
  private readonly now: () => number;

  constructor(readonly client: ApiCacheOptions) {
    this.fresh = client.freshMilliseconds ?? 15_000;
    this.staleWindow = client.staleMilliseconds ?? 24 * 60 * 60 * 1000;
    this.maxEntries = client.maxEntries ?? 2000;
    this.pause = client.pauseAfterFailureMilliseconds ?? 5000;
    this.now = client.now ?? Date.now;
  }

  /** A JSON resource of the API, checked against its schema. */
  json<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    options: { freshMilliseconds?: number } = {},
  ): Promise<Cached<z.infer<Schema>>> {
    return this.read(`json ${path}`, () => getJson(this.client, path, schema), options.freshMilliseconds);
  }

  /** A text document of the API (feeds, the sitemap). */
  text(path: string): Promise<Cached<{ body: string; contentType: string }>> {
    return this.read(`text ${path}`, () => getText(this.client, path));
  }

  /** Forgets one answer (after a write that changes it). */
  forget(path: string): void {
    this.entries.delete(`json ${path}`);
  }

  private async read<Value>(
    key: string,
    load: () => Promise<Value>,
    freshMilliseconds = this.fresh,
  ): Promise<Cached<Value>> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.fetchedAt < freshMilliseconds) {
      this.touch(key, entry);
      return { value: entry.value as Value, stale: false, fetchedAt: entry.fetchedAt };
    }
    const usable = entry && now - entry.fetchedAt < this.staleWindow ? entry : undefined;
    if (now < this.pausedUntil) {
      if (usable) return { value: usable.value as Value, stale: true, fetchedAt: usable.fetchedAt };
      throw new ApiUnavailableError(`the API failed recently; not asking for ${key} until it recovers`);
    }
    try {
      const value = await this.load(key, load);
      return { value, stale: false, fetchedAt: this.entries.get(key)?.fetchedAt ?? now };
    } catch (error) {
      if (!(error instanceof ApiUnavailableError)) throw error;
      if (error.kind === "down") this.pausedUntil = this.now() + this.pause;
      if (usable) return { value: usable.value as Value, stale: true, fetchedAt: usable.fetchedAt };
      throw error;
    }
  }

  private load<Value>(key: string, load: () => Promise<Value>): Promise<Value> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<Value>;
    const call = load()
      .then((value) => {
        this.touch(key, { value, fetchedAt: this.now() });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * The reads of one page: remembers whether any answer was an old copy, so the page can say that
 * its information may be out of date (and is not cached by browsers).
 */
export class PageReads {
  stale = false;
  constructor(private readonly cache: ApiCache) {}

  async json<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    options: { freshMilliseconds?: number } = {},
  ): Promise<z.infer<Schema>> {
    const answer = await this.cache.json(path, schema, options);
    if (answer.stale) this.stale = true;
    return answer.value;
  }

  /** Like `json`, but a section the page can do without answers `fallback` when the API is down. */
  async optional<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    fallback: z.infer<Schema>,
  ): Promise<z.infer<Schema>> {
    try {
      return await this.json(path, schema);
    } catch (error) {
      if (!(error instanceof ApiUnavailableError)) throw error;
      this.stale = true;
      return fallback;
    }
  }
}
