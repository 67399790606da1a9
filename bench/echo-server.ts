// The ceiling: a plain Hono app on @hono/node-server whose one route answers the JSON it was sent.
// Started by bench/intake.ts as a child process (`node --import tsx bench/echo-server.ts`), PORT from the env.
// hono and @hono/node-server are dependencies of apps/api, not of the root, so they are loaded from there.

const honoUrl = new URL("../apps/api/node_modules/hono/dist/index.js", import.meta.url).href;
const serverUrl = new URL("../apps/api/node_modules/@hono/node-server/dist/index.mjs", import.meta.url).href;
const { Hono } = (await import(honoUrl)) as typeof import("hono");
const { serve } = (await import(serverUrl)) as typeof import("@hono/node-server");

const app = new Hono();
app.post("/api/v1/intake/platform", async (c) => c.json(await c.req.json(), 202));

const port = Number(process.env.PORT ?? 0);
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
