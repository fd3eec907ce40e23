/**
 * Which bars of a chart get an axis label: at most `most`, evenly spaced and counted from the end,
 * so that the latest bar (this hour, today) is always labelled and labels never crowd each other.
 */
export function labelledBars(count: number, most = 6): boolean[] {
  const every = Math.max(1, Math.ceil(count / Math.max(1, most)));
  return Array.from({ length: count }, (_, index) => (count - 1 - index) % every === 0);
}
