import type { Database } from "../../db/port.ts";
import { sleep as defaultSleep } from "../backoff.ts";

/** Where processes share a model's budget: `reserve` resolves once the call fits under the limits. */
export interface SharedBudget {
  reserve(reservation: SharedReservation, signal: AbortSignal): Promise<void>;
}

/** One call's claim on a model's shared limits. */
export interface SharedReservation {
  readonly model: string;
  readonly requests: number;
  readonly tokens: number;
  /** The model's limits per window; an unknown one is not enforced. */
  readonly requestsPerWindow: number | undefined;
  readonly tokensPerWindow: number | undefined;
}

/** Options of {@link createDatabaseBudget}. */
export interface DatabaseBudgetOptions {
  readonly database: Database;
  /** The provider's rate window (a minute; the simulator's is scaled). */
  readonly windowMs: number;
  /**
   * Extra time a reservation keeps counting after the window: a request reaches the provider a
   * little after it was reserved, so it also leaves the provider's window a little later.
   */
  readonly marginMs?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface WindowRow extends Record<string, unknown> {
  readonly now_ms: string | number;
  readonly requests: string | number | null;
  readonly tokens: string | number | null;
}

/**
 * A sliding-window ledger of reservations in the database, shared by every process using it. A
 * reservation locks the model's row, sums what was reserved within the window, and records the new
 * one only when it fits; otherwise it waits for the oldest reservations to leave the window and
 * tries again. The database's clock is used, so processes on different hosts agree.
 */
export function createDatabaseBudget(options: DatabaseBudgetOptions): SharedBudget {
  const { database, windowMs } = options;
  const countedMs = windowMs + (options.marginMs ?? Math.max(100, Math.round(windowMs * 0.05)));
  const sleep = options.sleep ?? defaultSleep;

  const tryReserve = (reservation: SharedReservation, signal: AbortSignal): Promise<number> =>
    database.transaction(
      async (transaction) => {
        await transaction.query(
          `INSERT INTO provider_budget_models (model) VALUES ($1) ON CONFLICT (model) DO NOTHING`,
          [reservation.model],
        );
        await transaction.query(`SELECT model FROM provider_budget_models WHERE model = $1 FOR UPDATE`, [
          reservation.model,
        ]);
        const [window] = await transaction.query<WindowRow>(
          `WITH clock AS (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms)
           SELECT clock.now_ms, sum(r.requests) AS requests, sum(r.tokens) AS tokens
             FROM clock LEFT JOIN provider_budget_reservations r ON r.model = $1 AND r.reserved_at_ms > clock.now_ms - $2
            GROUP BY clock.now_ms`,
          [reservation.model, countedMs],
        );
        const nowMs = Number(window!.now_ms);
        const requestsOver = exceeds(
          Number(window!.requests ?? 0),
          reservation.requests,
          reservation.requestsPerWindow,
        );
        const tokensOver = exceeds(Number(window!.tokens ?? 0), reservation.tokens, reservation.tokensPerWindow);
        if (!requestsOver && !tokensOver) {
          await transaction.query(
            `INSERT INTO provider_budget_reservations (model, reserved_at_ms, requests, tokens) VALUES ($1, $2, $3, $4)`,
            [reservation.model, nowMs, reservation.requests, reservation.tokens],
          );
          await transaction.query(
            `DELETE FROM provider_budget_reservations WHERE model = $1 AND reserved_at_ms <= $2`,
            [reservation.model, nowMs - 2 * countedMs],
          );
          return 0;
        }
        return waitForRoom(transaction, reservation, nowMs, countedMs, tokensOver);
      },
      { signal },
    );

  return {
    async reserve(reservation, signal) {
      for (;;) {
        const waitMs = await tryReserve(reservation, signal);
        if (waitMs === 0) return;
        await sleep(waitMs, signal);
      }
    },
  };
}

function exceeds(used: number, wanted: number, limit: number | undefined): boolean {
  if (limit === undefined) return false;
  // A call larger than the whole limit is let through alone, once the window is empty.
  return used > 0 && used + wanted > limit;
}

// How long until enough of the oldest reservations leave the window for this one to fit.
async function waitForRoom(
  transaction: Pick<Database, "query">,
  reservation: SharedReservation,
  nowMs: number,
  countedMs: number,
  byTokens: boolean,
): Promise<number> {
  const rows = await transaction.query<{ reserved_at_ms: string | number; amount: string | number }>(
    `SELECT reserved_at_ms, ${byTokens ? "tokens" : "requests"} AS amount FROM provider_budget_reservations
      WHERE model = $1 AND reserved_at_ms > $2 ORDER BY reserved_at_ms`,
    [reservation.model, nowMs - countedMs],
  );
  const limit = (byTokens ? reservation.tokensPerWindow : reservation.requestsPerWindow) ?? 0;
  const wanted = byTokens ? reservation.tokens : reservation.requests;
  let used = rows.reduce((total, row) => total + Number(row.amount), 0);
  for (const row of rows) {
    used -= Number(row.amount);
    if (used === 0 || used + wanted <= limit) return Math.max(1, Number(row.reserved_at_ms) + countedMs - nowMs + 1);
  }
  return Math.max(1, countedMs);
}
