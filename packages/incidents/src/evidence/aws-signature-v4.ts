import { createHash, createHmac } from "node:crypto";

/** An access key pair of an S3-compatible storage. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a request to sign is made of; `headers` must not yet carry `authorization`. */
export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** Lowercase hex SHA-256 of the body (`sha256Hex(body)`), or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
}

export interface SigningScope {
  credentials: AwsCredentials;
  region: string;
  /** `s3` for object storage. */
  service: string;
  now: Date;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 percent-encoding, as Signature Version 4 wants it (`~` kept, `!'()*` encoded). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20130524T000000Z` */
export function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The canonical request of AWS Signature Version 4 (S3 flavour: the path is encoded once, segment by
 * segment). The path as given in `url` must already be encoded the same way.
 */
export function canonicalRequest(request: RequestToSign): { text: string; signedHeaders: string } {
  const headers = Object.entries(request.headers).map(
    ([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, " ")] as const,
  );
  headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(";");
  const query = [...request.url.searchParams.entries()]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const text = [
    request.method.toUpperCase(),
    request.url.pathname || "/",
    query,
    `${headers.map(([name, value]) => `${name}:${value}`).join("\n")}\n`,
    signedHeaders,
    request.payloadHash,
  ].join("\n");
  return { text, signedHeaders };
}

/** The signature and the `Authorization` header value of a request. */
export function signatureV4(
  request: RequestToSign,
  scope: SigningScope,
): { signature: string; authorization: string; signedHeaders: string } {
  const date = amzDate(scope.now);
  const day = date.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const { text, signedHeaders } = canonicalRequest(request);
  const stringToSign = ["AWS4-HMAC-SHA256", date, credentialScope, sha256Hex(text)].join("\n");
  const dayKey = hmac(`AWS4${scope.credentials.secretAccessKey}`, day);
  const regionKey = hmac(dayKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);
  const signingKey = hmac(serviceKey, "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return {
    signature,
    signedHeaders,
    authorization: `AWS4-HMAC-SHA256 Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
