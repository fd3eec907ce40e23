/** How the simulated Batch API behaves: completion time, expiry, per-line faults. */
import { z } from "zod";
import { InvalidInputError } from "../errors/index.ts";
import type { FaultKind } from "./faults.ts";

/** Faults a batch line can get (the others need a live connection: rate limits, timeouts, slow streams). */
export const lineFaultKinds = [
  "server_error",
  "invalid_json",
  "schema_violation",
  "refusal",
  "truncation",
  "content_filter",
] as const satisfies readonly FaultKind[];

/** One kind of per-line fault. */
export type LineFaultKind = (typeof lineFaultKinds)[number];

/** Settings of the simulated `/v1/batches`. Times are simulated milliseconds, multiplied by the time scale. */
export interface BatchSettings {
  /** From creation until every line is done (default 60 000: a minute, scaled). */
  readonly completionMs: number;
  /** A batch not done this long after creation expires (default 24 h, scaled). */
  readonly expireAfterMs: number;
  /** Probability in [0, 1] that a line gets a fault, and the kinds (empty: every line kind). */
  readonly lineFaultRate: number;
  readonly lineFaultKinds: readonly LineFaultKind[];
  /** At most this many line faults, then none; unset: no cap. */
  readonly lineFaultLimit?: number;
  /** The next N batches created expire half-way (their later half of lines unfinished). */
  readonly expireNext: number;
}

/** The defaults: a minute per batch, a 24 h window, no faults. */
export const defaultBatchSettings: BatchSettings = {
  completionMs: 60_000,
  expireAfterMs: 86_400_000,
  lineFaultRate: 0,
  lineFaultKinds: [],
  expireNext: 0,
};

const settingsSchema = z.strictObject({
  completionMs: z
    .number()
    .min(0)
    .max(86_400_000 * 7)
    .optional(),
  expireAfterMs: z
    .number()
    .min(0)
    .max(86_400_000 * 7)
    .optional(),
  lineFaultRate: z.number().min(0).max(1).optional(),
  lineFaultKinds: z.array(z.enum(lineFaultKinds)).optional(),
  lineFaultLimit: z.int().min(0).optional(),
  expireNext: z.int().min(0).optional(),
});

/**
 * Validates batch settings from options or a control request, over `base` (the defaults).
 * @throws {InvalidInputError} naming the field that is wrong and what it accepts
 */
export function parseBatchSettings(value: unknown, base: BatchSettings = defaultBatchSettings): BatchSettings {
  const parsed = settingsSchema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new InvalidInputError(`Invalid simulator batch settings: ${z.prettifyError(parsed.error)}`, {
      details: { value },
      suggestion: `Use { "completionMs": ms, "expireAfterMs": ms, "lineFaultRate": 0..1, "lineFaultKinds": [${lineFaultKinds.map((kind) => `"${kind}"`).join(", ")}], "lineFaultLimit": n, "expireNext": n }.`,
    });
  }
  const { lineFaultLimit, ...rest } = parsed.data;
  const merged = { ...base, ...Object.fromEntries(Object.entries(rest).filter(([, field]) => field !== undefined)) };
  return lineFaultLimit === undefined ? merged : { ...merged, lineFaultLimit };
}
