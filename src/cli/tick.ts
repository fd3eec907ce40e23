import { InvalidInputError } from "../errors/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

/** Flags of `courseforge tick`. */
export interface TickFlags {
  readonly url: string;
  readonly secret?: string;
  readonly every?: string;
  readonly budget?: string;
}

/** Parses `60s`, `500ms`, `2m` (a bare number is seconds) into milliseconds; throws {@link InvalidInputError}. */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  const value = match === null ? Number.NaN : Number(match[1]) * ({ ms: 1, s: 1_000, m: 60_000 }[match[2] ?? "s"] ?? 1);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidInputError(`${flag} must be a duration such as 60s, 500ms or 2m, got ${JSON.stringify(text)}.`);
  return Math.round(value);
}

/** One tick's answer, as the route sends it (docs/api.md). */
export type TickAnswer = Readonly<Record<string, unknown>>;

/** A tick request that was not answered with 200. */
export class TickRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "TickRequestError";
    this.status = status;
  }
}

/**
 * Fires one tick at `url` (the deployment's base URL, or the tick route itself) and returns its JSON
 * summary. The secret goes in the Authorization header only and is never part of an error.
 */
export async function fireTick(options: {
  readonly url: string;
  readonly secret: string;
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
}): Promise<TickAnswer> {
  const target = tickUrl(options.url);
  const response = await fetch(target, {
    method: "POST",
    headers: { authorization: `Bearer ${options.secret}`, "content-type": "application/json" },
    body: JSON.stringify(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  if (response.status !== 200) {
    let detail = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (parsed.error) detail = `${parsed.error.code ?? ""}: ${parsed.error.message ?? ""}`;
    } catch {
      // Not JSON (a proxy's page): its start is the best description.
    }
    throw new TickRequestError(response.status, `The tick at ${target} answered ${response.status} ${detail}`);
  }
  return JSON.parse(text) as TickAnswer;
}

function tickUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new InvalidInputError(`--url must be an http(s) URL, got ${JSON.stringify(base)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidInputError(`--url must be an http(s) URL, got ${JSON.stringify(base)}.`);
  if (!url.pathname.endsWith("/v1/worker/tick")) url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/worker/tick`;
  return url.toString();
}

/**
 * `courseforge tick`: fires the tick route once (prints its JSON summary), or with `--every` once
 * per interval until interrupted (one JSON line per tick; ticks may overlap, as a cron's would).
 */
export async function tickCommand(flags: TickFlags, context: CliContext): Promise<number> {
  const secret = flags.secret ?? context.environment.COURSEFORGE_CRON_SECRET;
  if (secret === undefined || secret === "")
    throw new InvalidInputError("courseforge tick needs --secret or COURSEFORGE_CRON_SECRET.");
  const budgetMs = flags.budget === undefined ? undefined : parseDuration(flags.budget, "--budget");
  const everyMs = flags.every === undefined ? undefined : parseDuration(flags.every, "--every");
  const once = async (): Promise<boolean> => {
    try {
      const answer = await fireTick({
        url: flags.url,
        secret,
        ...(budgetMs === undefined ? {} : { budgetMs }),
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      });
      context.stdout.write(`${JSON.stringify(answer)}\n`);
      return true;
    } catch (error) {
      if (context.signal?.aborted) return false;
      context.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return false;
    }
  };
  if (everyMs === undefined) return (await once()) ? exitCodes.success : exitCodes.failure;
  const running = new Set<Promise<boolean>>();
  while (!context.signal?.aborted) {
    const tick = once();
    running.add(tick);
    void tick.finally(() => running.delete(tick));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, everyMs);
      context.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  await Promise.allSettled([...running]);
  return exitCodes.interrupted;
}
