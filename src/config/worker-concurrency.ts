/**
 * Jobs at once per worker process: the one default and range that `COURSEFORGE_WORKER_CONCURRENCY`,
 * `--jobs`, their help text and `doctor` all use. Jobs wait in the provider budget's fair queue,
 * not for a job slot, so many at once cost little. (A file of its own: `courseforge --help` reads it.)
 */
export const workerConcurrencyRange = { default: 128, minimum: 1, maximum: 1_024 } as const;
