import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { AppEnv } from "./route.ts";

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** `http://host:port` (the actual port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and ends open ones (event streams included). */
  close(): Promise<void>;
}

/** Serves `app` on Node's HTTP server; port 0 picks a free port. */
export function startHttpServer(
  app: Hono<AppEnv>,
  options: { port: number; host?: string },
): Promise<RunningHttpServer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info: AddressInfo) => {
      server.off("error", reject);
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
