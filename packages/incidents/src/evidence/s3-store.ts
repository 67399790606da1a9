import { z } from "zod";
import { amzDate, sha256Hex, signatureV4, uriEncode } from "./aws-signature-v4.js";
import { assertStoreKey, type EvidenceStore } from "./evidence-store.js";

/** Where an S3-compatible storage is and how to sign in to it (Yandex Object Storage, MinIO, AWS S3…). */
export const S3StoreSettings = z.object({
  /** `https://storage.yandexcloud.net`; objects are addressed path-style: `<endpoint>/<bucket>/<key>`. */
  endpoint: z.url({ protocol: /^https?$/ }),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3 bucket name"),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  region: z.string().min(1).default("us-east-1"),
  /** Put every key under this folder of the bucket (`otklik/`). */
  prefix: z
    .string()
    .regex(/^(?:[A-Za-z0-9_.-]+\/)*$/, "a prefix is folder names each ending with /")
    .default(""),
});
export type S3StoreSettings = z.input<typeof S3StoreSettings>;

/** Thrown when the storage answers something other than success; `status` is its HTTP status. */
export class S3StoreError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly s3Code: string | undefined,
  ) {
    super(message);
    this.name = "S3StoreError";
  }
}

/**
 * An S3-compatible store over `fetch`, signed with AWS Signature Version 4 (no SDK). `PUT Object`
 * is atomic on S3: an object is visible whole or not at all. The payload is signed
 * (`x-amz-content-sha256` is its SHA-256), so the storage refuses a body changed on the way.
 */
export function s3Store(
  input: S3StoreSettings,
  options: {
    fetch?: typeof fetch;
    now?: () => Date;
    /** Until the storage answers (its headers), plus the upload at `minUploadBytesPerSecond` (default 30 s). */
    timeoutMs?: number;
    /** The slowest upload still waited for, bytes a second (default 256 KiB/s: 200 MB in about 13 min). */
    minUploadBytesPerSecond?: number;
    /** Reading an answer's body, once its headers came (default 10 min: a large video over a slow link). */
    bodyTimeoutMs?: number;
  } = {},
): EvidenceStore {
  const settings = S3StoreSettings.parse(input);
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const uploadRate = options.minUploadBytesPerSecond ?? 256 * 1024;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 600_000;
  const now = options.now ?? (() => new Date());
  const base = settings.endpoint.replace(/\/+$/, "");

  /**
   * One call that never waits forever: a storage that does not answer (or stops sending) is
   * abandoned with an `S3StoreError` (status 0, code `Timeout`), which the upload turns into 503.
   */
  async function request<T>(
    method: string,
    key: string,
    consume: (response: Response) => Promise<T>,
    body?: Uint8Array,
    contentType?: string,
  ): Promise<T> {
    assertStoreKey(key);
    const objectPath = `${settings.prefix}${key}`.split("/").map(uriEncode).join("/");
    const url = new URL(`${base}/${uriEncode(settings.bucket)}/${objectPath}`);
    const at = now();
    const payloadHash = sha256Hex(body ?? new Uint8Array());
    const headers: Record<string, string> = {
      host: url.host,
      "x-amz-content-sha256": payloadHash,
      "x-amz-date": amzDate(at),
      ...(contentType ? { "content-type": contentType } : {}),
    };
    const { authorization } = signatureV4(
      { method, url, headers, payloadHash },
      { credentials: settings, region: settings.region, service: "s3", now: at },
    );
    const { host: _host, ...sent } = headers;
    const controller = new AbortController();
    const abortAfter = (milliseconds: number, what: string) =>
      setTimeout(
        () =>
          controller.abort(
            new S3StoreError(`S3 ${method} ${key}: ${what} within ${milliseconds} ms`, 0, "Timeout"),
          ),
        milliseconds,
      );
    let timer = abortAfter(timeoutMs + Math.ceil(((body?.byteLength ?? 0) / uploadRate) * 1000), "no answer");
    try {
      const response = await send(url, {
        method,
        headers: { ...sent, authorization },
        signal: controller.signal,
        ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
      });
      clearTimeout(timer);
      timer = abortAfter(bodyTimeoutMs, "answer not read");
      return await consume(response);
    } catch (error) {
      throw controller.signal.aborted && controller.signal.reason instanceof S3StoreError
        ? controller.signal.reason
        : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function failure(response: Response, what: string): Promise<S3StoreError> {
    const text = await response.text().catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    return new S3StoreError(
      `S3 ${what}: HTTP ${response.status}${code ? ` ${code}` : ""}`,
      response.status,
      code,
    );
  }

  return {
    kind: "s3",
    async put(key, bytes, contentType) {
      await request(
        "PUT",
        key,
        async (response) => {
          if (!response.ok) throw await failure(response, `PUT ${key}`);
          await response.body?.cancel();
        },
        bytes,
        contentType,
      );
    },
    async get(key) {
      return request("GET", key, async (response) => {
        if (response.status === 404) {
          await response.body?.cancel();
          return null;
        }
        if (!response.ok) throw await failure(response, `GET ${key}`);
        return new Uint8Array(await response.arrayBuffer());
      });
    },
    async delete(key) {
      await request("DELETE", key, async (response) => {
        if (!response.ok && response.status !== 404) throw await failure(response, `DELETE ${key}`);
        await response.body?.cancel();
      });
    },
  };
}
