import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface RunningServer {
  url: string;
  /** Stops taking connections, lets in-flight requests finish, then resolves. */
  stop(): Promise<void>;
}

/** Serves a Hono app on Node; port 0 picks a free port (tests). */
export async function startServer(
  app: Hono,
  options: { port: number; hostname: string },
): Promise<RunningServer> {
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname });
  if (!server.listening) await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets with no request in flight would hold close() open until they time out.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      });
      return stopped;
    },
  };
}
