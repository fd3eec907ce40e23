import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { apiRoutes } from "./app.ts";
import type { AppEnv } from "./route.ts";

/** Where `npm run build:web` puts the web UI. */
export const defaultWebUiDirectory = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/**
 * The UI's Content-Security-Policy: scripts, styles, images and API calls from this origin only, no
 * inline script, no plugins, no framing. Generated course text is rendered by the UI: even if some
 * markup slipped through, it could neither run script nor load anything from elsewhere.
 */
export const webUiContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const notBuilt = `The Courseforge web UI is not built yet. Run \`npm run build:web\` (npm start does it for you), then reload this page.
The API itself works: see /v1/openapi.json.
`;

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

// A request path as a file inside `root`, or undefined when it could leave it.
function fileInside(root: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.split("/").includes("..")) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

function securityHeaders(contentType: string, cacheControl: string): Record<string, string> {
  return {
    "content-type": contentType,
    "cache-control": cacheControl,
    "content-security-policy": webUiContentSecurityPolicy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
  };
}

/**
 * Wraps the API so that the same server also serves the web UI from `directory` (the Vite build):
 * its files, and `index.html` for any other GET of a page (the app routes in the browser). Every
 * `/v1/…` path and every other API route (`/healthz`, `/readyz`, `/metrics`) goes to the API
 * unchanged, so unknown API paths still get the API's JSON 404. The folder is read per request:
 * building the UI while the server runs is enough.
 */
export function withWebUi(api: Hono<AppEnv>, options: { readonly directory?: string } = {}): Hono<AppEnv> {
  const root = path.resolve(options.directory ?? defaultWebUiDirectory);
  const apiPaths = new Set(
    apiRoutes.map((definition) => definition.spec.path).filter((routePath) => !routePath.startsWith("/v1/")),
  );
  const app = new Hono<AppEnv>();
  app.all("*", async (context) => {
    const requestPath = context.req.path;
    const method = context.req.method;
    const forApi =
      requestPath === "/v1" ||
      requestPath.startsWith("/v1/") ||
      apiPaths.has(requestPath) ||
      (method !== "GET" && method !== "HEAD");
    if (forApi) return api.fetch(context.req.raw);
    const file = fileInside(root, requestPath);
    const extension = file === undefined ? "" : path.extname(file);
    if (file !== undefined && extension !== "" && !requestPath.endsWith("/")) {
      const body = await readIfFile(file);
      if (body !== undefined) {
        // Vite puts content hashes in the names of everything under /assets/.
        const cache = requestPath.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
        return new Response(method === "HEAD" ? null : new Uint8Array(body), {
          status: 200,
          headers: securityHeaders(contentTypes[extension] ?? "application/octet-stream", cache),
        });
      }
      // A missing asset is a 404, never the app's page (a script tag would then receive HTML).
      if (extension !== ".html")
        return new Response("Not found.\n", {
          status: 404,
          headers: securityHeaders("text/plain; charset=utf-8", "no-cache"),
        });
    }
    const index = await readIfFile(path.join(root, "index.html"));
    if (index === undefined)
      return new Response(notBuilt, { status: 503, headers: securityHeaders("text/plain; charset=utf-8", "no-store") });
    return new Response(method === "HEAD" ? null : new Uint8Array(index), {
      status: 200,
      headers: securityHeaders("text/html; charset=utf-8", "no-cache"),
    });
  });
  return app;
}
