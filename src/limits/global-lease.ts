import type { Queryable } from "../db/port.ts";
import { hourMs } from "./buckets.ts";

/** A unit of the global bucket, charged in advance at the global rate `rate` (courses per hour). */
export interface PrepaidUnit {
  readonly rate: number;
}

/** Options of {@link createGlobalLease}. */
export interface GlobalLeaseOptions {
  readonly database: Queryable;
  /** Most units taken at once (default 64). */
  readonly maxUnits?: number;
  /** A block holds about this much of the current admission rate (default 250 ms). */
  readonly blockMs?: number;
  /** Unused units go back to the row after this long without an admission (default 1 s). */
  readonly idleMs?: number;
  /** Real time in ms for the admission rate and the idle delay (default `performance.now`; tests pass their own). */
  readonly monotonicNow?: () => number;
}

/**
 * The global bucket taken in blocks by this process. Charging the one `global:hour` row on every
 * admission makes every admission in every process wait for the previous one's commit (the row
 * lock is held until the WAL is flushed: a few ms, so a few hundred admissions per second at
 * most). Under load this takes a block of units from the row in one statement, sized to a quarter
 * second of the admissions seen here, and hands them out from memory; admissions that use one
 * skip the global row. Never more than the limit: units are charged before they are used. Blocks
 * are taken only while 3 more blocks would still be left for others; nearer the limit (and at low
 * traffic) every admission charges the row itself, exactly. Unused units go back to the row after
 * `idleMs` without admissions, or when an admin changed the global rate.
 */
export interface GlobalLease {
  /** A prepaid unit, or `undefined`: charge the global row in the admission statement. */
  take(signal?: AbortSignal): Promise<PrepaidUnit | undefined>;
  /** A unit not used after all; `stale`: the global rate changed, so every unit held goes back to the row. */
  giveBack(unit: PrepaidUnit, stale: boolean): void;
}

const takeBlockSql = `UPDATE course_generation_rate_limits r
    SET tat_ms = greatest(r.tat_ms, $1::double precision) + $2::double precision * s.step, updated_at = now()
   FROM (SELECT courses_per_hour AS rate, ${hourMs}::double precision / courses_per_hour AS step FROM course_generation_limit_settings
          WHERE scope = 'global' AND subject = 'all' AND courses_per_hour > 0) s
  WHERE r.key = 'global:hour' AND greatest(r.tat_ms, $1::double precision) + 4 * $2::double precision * s.step - $1::double precision <= s.rate * s.step
  RETURNING s.rate, r.tat_ms`;

const giveBackSql = `UPDATE course_generation_rate_limits SET tat_ms = tat_ms - $1::double precision, updated_at = now() WHERE key = 'global:hour'`;

/** Builds the block lease of the global bucket on `database`; `now` is the limiter's clock. */
export function createGlobalLease(options: GlobalLeaseOptions, now: () => number): GlobalLease {
  const maxUnits = options.maxUnits ?? 64;
  const blockMs = options.blockMs ?? 250;
  const idleMs = options.idleMs ?? 1_000;
  const clock = options.monotonicNow ?? (() => performance.now());
  let units = 0;
  let rate = 0;
  // The bucket's TAT right after the last block: the unused units are the end of what was charged.
  let leaseEndMs = 0;
  let taking: Promise<boolean> | undefined;
  // Admissions per second seen here, over the last whole second (real time, not the limiter's clock).
  let windowStart = clock();
  let windowCount = 0;
  let perSecond = 0;
  let lastUse = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  // Gives back what is still ahead of now of the last `count` units charged: the part of a block
  // that time has passed came back by itself, and giving it back again would admit too many.
  // A unit of an earlier rate is not given back (the limit errs on the safe side).
  const returnUnits = (count: number, unitRate: number) => {
    if (count <= 0 || unitRate !== rate || rate <= 0) return;
    const amountMs = Math.min((count * hourMs) / rate, leaseEndMs - now());
    if (amountMs <= 0) return;
    leaseEndMs -= amountMs;
    // Best effort: a unit not given back only delays others' next course by its interval.
    options.database.query(giveBackSql, [amountMs]).catch(() => undefined);
  };
  const returnAll = () => {
    returnUnits(units, rate);
    units = 0;
  };
  const armIdleTimer = () => {
    if (idleTimer !== undefined) return;
    const wait = Math.max(1, lastUse + idleMs - clock());
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      if (clock() - lastUse >= idleMs) returnAll();
      else if (units > 0) armIdleTimer();
    }, wait);
    idleTimer.unref();
  };
  const count = () => {
    const at = clock();
    windowCount += 1;
    if (at - windowStart >= 1_000) {
      perSecond = (windowCount * 1_000) / (at - windowStart);
      windowStart = at;
      windowCount = 0;
    }
    lastUse = at;
  };
  // True when a block was taken.
  const takeBlock = async (size: number, signal?: AbortSignal): Promise<boolean> => {
    try {
      const [row] = await options.database.query(takeBlockSql, [now(), size], { signal });
      if (row === undefined) return false;
      const blockRate = Number(row.rate);
      if (blockRate !== rate) returnAll();
      rate = blockRate;
      leaseEndMs = Number(row.tat_ms);
      units += size;
      armIdleTimer();
      return true;
    } catch {
      // No block: the admissions charge the global row themselves.
      return false;
    }
  };
  const fromPool = (): PrepaidUnit | undefined => {
    if (units <= 0) return undefined;
    units -= 1;
    return { rate };
  };

  return {
    async take(signal) {
      count();
      // A burst larger than a block waits for the next block rather than charging the global row
      // itself: those admissions would hold its lock until their commits, and the blocks with them.
      for (;;) {
        const ready = fromPool();
        if (ready !== undefined) return ready;
        const size = Math.min(maxUnits, Math.floor((perSecond * blockMs) / 1_000));
        if (size < 2) return undefined;
        taking ??= takeBlock(size, signal).finally(() => (taking = undefined));
        if (!(await taking)) return undefined;
      }
    },
    giveBack(unit, stale) {
      if (stale || unit.rate !== rate) {
        if (stale && unit.rate === rate) units += 1;
        if (stale) returnAll();
        else returnUnits(1, unit.rate);
        return;
      }
      units += 1;
      armIdleTimer();
    },
  };
}
