import http from "node:http";
import https from "node:https";

/** A `fetch` for the openai SDK over `node:http`, with its keep-alive agents; `close` frees the sockets. */
export interface NodeHttpFetch {
  readonly fetch: typeof globalThis.fetch;
  close(): void;
}

/**
 * A lean `fetch` for the openai SDK's JSON requests: `node:http(s)` with keep-alive agents, the
 * answer read whole into one buffer and handed back as a `Response`. Global `fetch` (undici) costs
 * several times the CPU per call (web streams for both bodies, its dispatcher); a course makes
 * dozens of calls at once, so that CPU adds up. Bodies other than a string or bytes (streams,
 * forms), and redirects, go to the global `fetch`. No `accept-encoding` is sent, so answers come
 * uncompressed. Errors look like undici's: an `AbortError` `DOMException` when the
 * signal fires (the SDK reads it as its timeout or the caller's abort), else
 * `TypeError("fetch failed")` with the socket error as `cause`.
 */
export function createNodeHttpFetch(options: { readonly maxSockets?: number } = {}): NodeHttpFetch {
  const agentOptions = {
    keepAlive: true,
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

  const fetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body ?? null;
    if (input instanceof Request || (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)))
      return globalThis.fetch(input, init);
    const url = typeof input === "string" ? new URL(input) : input;
    const protocol = url.protocol;
    if (protocol !== "http:" && protocol !== "https:") return globalThis.fetch(input, init);
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const request = (protocol === "https:" ? https : http).request(url, {
        method: init.method ?? "GET",
        headers: headerRecord(init.headers),
        agent: agents[protocol],
      });
      const onAbort = () => {
        reject(abortError(signal!));
        request.destroy();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      request.once("error", (error) => {
        done();
        reject(new TypeError("fetch failed", { cause: error }));
      });
      request.once("response", (response) => {
        if (
          redirectStatuses.has(response.statusCode ?? 0) &&
          response.headers.location !== undefined &&
          init.redirect !== "manual" &&
          init.redirect !== "error"
        ) {
          // Rare for an API; global fetch follows redirects by the Fetch rules, so let it.
          response.resume();
          done();
          resolve(globalThis.fetch(input, init));
          return;
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("error", (error) => {
          done();
          reject(new TypeError("fetch failed", { cause: error }));
        });
        response.once("end", () => {
          done();
          const status = response.statusCode ?? 0;
          // A null-body status (204, 304) must not get a body, not even an empty one.
          const content = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(
            new Response(content, {
              status,
              statusText: response.statusMessage ?? "",
              headers: responseHeaders(response.rawHeaders),
            }),
          );
        });
      });
      request.end(body ?? undefined);
    });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers);
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function responseHeaders(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2)
    headers.append(rawHeaders[index]!, rawHeaders[index + 1]!);
  return headers;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error && signal.reason.name === "AbortError"
    ? signal.reason
    : new DOMException("This operation was aborted", "AbortError");
}
