import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

// As `Request.text()` decodes: invalid bytes become U+FFFD, a leading byte order mark is dropped.
const utf8 = new TextDecoder();

/** The Node request under a request served by @hono/node-server (`c.env.incoming`), if any. */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** Whether the request declares its body's length (and is not chunked): its size is known from the headers. */
export function declaresLength(c: Context): boolean {
  return c.req.header("content-length") !== undefined && c.req.header("transfer-encoding") === undefined;
}

function readAll(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once("error", reject);
    incoming.once("close", () => {
      if (!incoming.complete) reject(new Error("The client closed the connection before the body ended"));
    });
  });
}

/**
 * The request's body as text, as `c.req.text()` answers it. A request served by @hono/node-server with a
 * declared length whose body nobody has started reading is read straight from Node's `IncomingMessage`:
 * `c.req.text()` would first build a web `Request` around it (headers, an abort signal, a web stream over
 * the body), which costs more than the intake's signature check. Anything else — requests made in-process
 * (tests), chunked bodies the body limit has read already — goes through `c.req.text()`.
 */
export async function bodyText(c: Context): Promise<string> {
  const incoming = nodeRequest(c);
  if (!incoming || incoming.readableFlowing !== null || incoming.readableEnded || !declaresLength(c))
    return c.req.text();
  return utf8.decode(await readAll(incoming));
}
