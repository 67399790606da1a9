import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyText } from "./body-text.js";

const app = new Hono();
app.post("/echo", async (c) => c.json({ text: await bodyText(c) }));

let server: ReturnType<typeof serve>;
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POSTs `body` over a real socket, with its length declared or chunked in two pieces. */
function post(body: Buffer, chunked: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path: "/echo",
        method: "POST",
        headers: chunked
          ? { "content-type": "text/plain", "transfer-encoding": "chunked" }
          : { "content-type": "text/plain", "content-length": String(body.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve((JSON.parse(Buffer.concat(chunks).toString()) as { text: string }).text),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    if (chunked) {
      outgoing.write(body.subarray(0, Math.floor(body.length / 2)));
      outgoing.end(body.subarray(Math.floor(body.length / 2)));
    } else {
      outgoing.end(body);
    }
  });
}

const BODIES: [string, Buffer][] = [
  ["Cyrillic and an emoji", Buffer.from('{"text":"Яма на дороге у дома 😀"}')],
  ["a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])],
  ["invalid UTF-8", Buffer.from([0x7b, 0x61, 0xff, 0xe2, 0x82, 0x62, 0xd0, 0x7d])],
  ["a character split across chunks", Buffer.from("яяяяяяяяя")],
  ["nothing", Buffer.alloc(0)],
];

describe("bodyText", () => {
  it.each(BODIES)("reads %s as Request.text() does, with a declared length and chunked", async (_, body) => {
    const expected = await new Request("http://localhost/", { method: "POST", body }).text();
    expect(await post(body, false)).toBe(expected);
    expect(await post(body, true)).toBe(expected);
  });

  it("reads requests made in-process (no Node request under them)", async () => {
    const response = await app.request("/echo", { method: "POST", body: "Привет" });
    expect(await response.json()).toEqual({ text: "Привет" });
  });
});
