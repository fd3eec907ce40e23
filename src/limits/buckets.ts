import type { Queryable } from "../db/port.ts";

/** The hourly and daily windows, in ms. */
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

/**
 * One limit as a GCRA bucket (a token bucket kept as one timestamp): `rate` units per `windowMs`
 * on average, up to `rate + burst` at once. Each unit pushes the key's "theoretical arrival time"
 * (TAT) `windowMs / rate` ms ahead; a unit is refused when the TAT would be more than
 * `(rate + burst) × windowMs / rate` ms ahead of now. Units come back continuously, so the bucket
 * refills by itself: a full window after running dry, `rate` units are free again.
 */
export interface Bucket {
  /** Header and error name: `courses-hour`, `courses-day`, `courses-global`. */
  readonly name: string;
  /** Row key in `course_generation_rate_limits`. */
  readonly key: string;
  readonly rate: number;
  readonly burst: number;
  readonly windowMs: number;
}

/** A bucket's state at a moment: what the RateLimit header fields report. */
export interface BucketState {
  readonly bucket: Bucket;
  /** Units that can be taken now. */
  readonly remaining: number;
  /** Units taken and not yet come back. */
  readonly used: number;
  /** Milliseconds until the bucket is full again (0 when full). */
  readonly resetMs: number;
}

// Float TATs accumulate rounding error; a microsecond of slack keeps `rate + burst` exact.
export const slackMs = 0.001;

function interval(bucket: Bucket): number {
  return bucket.windowMs / bucket.rate;
}

/** The state of `bucket` for a stored TAT (`undefined`: never used) at `nowMs`. */
export function stateOf(bucket: Bucket, tatMs: number | undefined, nowMs: number): BucketState {
  const capacity = bucket.rate + bucket.burst;
  if (bucket.rate <= 0) return { bucket, remaining: 0, used: 0, resetMs: bucket.windowMs };
  const backlog = Math.max((tatMs ?? nowMs) - nowMs, 0);
  const step = interval(bucket);
  const used = Math.min(capacity, Math.max(0, Math.ceil(backlog / step - slackMs)));
  return {
    bucket,
    remaining: Math.max(0, Math.floor((capacity * step - backlog) / step + slackMs)),
    used,
    resetMs: Math.ceil(backlog),
  };
}

/** How long until one unit of `bucket` can be taken, for a refused request. */
export function retryAfterMs(bucket: Bucket, tatMs: number | undefined, nowMs: number): number {
  if (bucket.rate <= 0) return bucket.windowMs;
  const step = interval(bucket);
  const wait = Math.max(tatMs ?? nowMs, nowMs) + step - nowMs - (bucket.rate + bucket.burst) * step;
  return Math.max(1, Math.ceil(wait));
}

/** Reads the stored TATs of `keys` (absent keys were never used). */
export async function readTats(
  database: Queryable,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await database.query(
    "SELECT key, tat_ms FROM course_generation_rate_limits WHERE key = ANY($1::text[])",
    [keys],
    { signal },
  );
  return new Map(rows.map((row) => [String(row.key), Number(row.tat_ms)]));
}
