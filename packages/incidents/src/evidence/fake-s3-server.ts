// Test-only (not exported): a local HTTP server speaking the S3 object protocol (path-style
// PUT/GET/DELETE Object) that checks AWS Signature Version 4 the way S3 does: it rebuilds the
// canonical request from what arrived on the wire, recomputes the signature with the secret it
// knows, checks the date scope and that `x-amz-content-sha256` is the SHA-256 of the body received.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AwsCredentials, sha256Hex, signatureV4 } from "./aws-signature-v4.js";

export interface FakeS3 {
  endpoint: string;
  objects: Map<string, { bytes: Buffer; contentType: string | undefined }>;
  /** Every request as received: method, path, and the S3 error code answered (if any). */
  requests: { method: string; path: string; error?: string }[];
  /** Make the next `count` PUTs fail with 500 InternalError (a storage outage). */
  failNextPuts(count: number): void;
  close(): Promise<void>;
}

function xmlError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { "content-type": "application/xml" });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeS3(options: {
  bucket: string;
  credentials: AwsCredentials;
  region: string;
}): Promise<FakeS3> {
  const objects: FakeS3["objects"] = new Map();
  const requests: FakeS3["requests"] = [];
  let failingPuts = 0;

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    const record: FakeS3["requests"][number] = { method: request.method ?? "", path: url.pathname };
    requests.push(record);
    const refuse = (status: number, code: string, message: string) => {
      record.error = code;
      xmlError(response, status, code, message);
    };

    const authorization = request.headers.authorization ?? "";
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!match) return refuse(403, "AccessDenied", "Missing or malformed Authorization");
    const [, accessKeyId, day, region, signedHeaders, signature] = match as unknown as string[];
    if (accessKeyId !== options.credentials.accessKeyId) {
      return refuse(403, "InvalidAccessKeyId", "Unknown access key");
    }
    const date = String(request.headers["x-amz-date"] ?? "");
    if (!date.startsWith(day as string) || region !== options.region) {
      return refuse(403, "SignatureDoesNotMatch", "Scope does not match the date or region");
    }
    const payloadHash = String(request.headers["x-amz-content-sha256"] ?? "");
    if (payloadHash !== sha256Hex(body)) {
      return refuse(400, "XAmzContentSHA256Mismatch", "The body is not what was signed");
    }
    const headers: Record<string, string> = {};
    for (const name of (signedHeaders as string).split(";")) {
      const value = request.headers[name];
      if (value === undefined) return refuse(403, "SignatureDoesNotMatch", `Signed header ${name} missing`);
      headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`;
    const expected = signatureV4(
      { method: request.method ?? "GET", url, headers, payloadHash },
      { credentials: options.credentials, region: options.region, service: "s3", now: new Date(iso) },
    );
    if (expected.signature !== signature) {
      return refuse(403, "SignatureDoesNotMatch", "The request signature does not match");
    }

    const prefix = `/${options.bucket}/`;
    if (!url.pathname.startsWith(prefix)) return refuse(404, "NoSuchBucket", "No such bucket");
    const key = decodeURIComponent(url.pathname.slice(prefix.length));
    switch (request.method) {
      case "PUT": {
        if (failingPuts > 0) {
          failingPuts -= 1;
          return refuse(500, "InternalError", "We encountered an internal error. Please try again.");
        }
        objects.set(key, { bytes: body, contentType: request.headers["content-type"] });
        response.writeHead(200, { etag: `"${sha256Hex(body).slice(0, 32)}"` });
        return response.end();
      }
      case "GET": {
        const object = objects.get(key);
        if (!object) return refuse(404, "NoSuchKey", "The specified key does not exist.");
        response.writeHead(200, {
          "content-type": object.contentType ?? "application/octet-stream",
          "content-length": object.bytes.length,
        });
        return response.end(object.bytes);
      }
      case "DELETE":
        objects.delete(key);
        response.writeHead(204);
        return response.end();
      default:
        return refuse(405, "MethodNotAllowed", "Method not allowed");
    }
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    failNextPuts(count) {
      failingPuts = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
