/** Figures of `bench knowledge`: ranking quality against labels, and latency percentiles. */

/**
 * The share of the relevant ids found in the first `k` of `ranked` (0 to 1).
 * @throws {RangeError} when `relevant` is empty (a question without an answer measures nothing) or `k` < 1
 */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) throw new RangeError("Recall needs at least one relevant id.");
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1 (got ${k}).`);
  const found = new Set(ranked.slice(0, k).filter((id) => relevant.has(id)));
  return found.size / relevant.size;
}

/**
 * 1 / the rank (1-based) of the first relevant id in `ranked`, 0 when none is there.
 * @throws {RangeError} when `relevant` is empty
 */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) throw new RangeError("A reciprocal rank needs at least one relevant id.");
  const index = ranked.findIndex((id) => relevant.has(id));
  return index === -1 ? 0 : 1 / (index + 1);
}

/** The arithmetic mean. @throws {RangeError} when empty */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("The mean of no values is undefined.");
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The `p`-th percentile by the nearest-rank method: the smallest sample with at least `p` % of the
 * samples at or below it (so p95 of 20 samples is the 19th smallest, never an interpolation).
 * @throws {RangeError} when empty or `p` is not in (0, 100]
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("A percentile of no values is undefined.");
  if (!(p > 0 && p <= 100)) throw new RangeError(`The percentile must be in (0, 100] (got ${p}).`);
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/** Recall@5 and MRR of one retrieval mode over all questions. */
export interface QualityFigures {
  readonly recall_at_5: number;
  readonly mrr: number;
  readonly questions: number;
}

/** Averages recall@5 and reciprocal rank over questions, each a ranking and its relevant ids. */
export function qualityOf(
  results: readonly { readonly ranked: readonly string[]; readonly relevant: ReadonlySet<string> }[],
): QualityFigures {
  return {
    recall_at_5: mean(results.map((result) => recallAtK(result.ranked, result.relevant, 5))),
    mrr: mean(results.map((result) => reciprocalRank(result.ranked, result.relevant))),
    questions: results.length,
  };
}
