/** Small summaries of measured samples. */

/** Minimum, median and maximum of a sample. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The median (mean of the two middle values for an even count). @throws {RangeError} when empty */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("The median of no values is undefined.");
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Summarizes a sample. @throws {RangeError} when empty */
export function summarize(values: readonly number[]): Summary {
  return { count: values.length, min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** Rounds to `digits` decimals (for printing and JSON). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
