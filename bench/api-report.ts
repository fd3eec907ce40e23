/** The figures of `bench api`: latency percentiles, accepted rate and errors of one open-loop run. */
import type { RequestSample } from "./api-load.ts";
import { round } from "./support/stats.ts";

/** The target the issue sets for the API on Postgres. */
export const apiTargets = { p99Ms: 50, errors: 0 } as const;

/**
 * The nearest-rank percentile (`p` from 0 to 100): the smallest value with at least p % of the
 * sample at or below it. @throws {RangeError} when empty or `p` is out of range
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("A percentile of no values is undefined.");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`A percentile must be from 0 to 100 (got ${p}).`);
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One database's figures, as printed in the JSON summary (milliseconds rounded to 0.01). */
export interface ApiFigures {
  /** Accepted (202, created) requests ÷ seconds from the first scheduled send to the last answer. */
  readonly accepted_per_s: number;
  /** Latency from the *scheduled* send time to the whole answer. */
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  /** Latency from the actual send time (what a closed-loop tool would show). */
  readonly sent_p50_ms: number;
  readonly sent_p99_ms: number;
  /** Worst delay of a send behind its schedule: above a few ms, the generator itself lagged. */
  readonly max_send_lag_ms: number;
  /** Requests that were not a new 202 (HTTP errors, network errors, timeouts, replays). */
  readonly errors: number;
  readonly requests: number;
  /** Errors by kind, e.g. `{ "HTTP 500": 3 }`; empty when none. */
  readonly error_kinds: Readonly<Record<string, number>>;
}

/** Summarizes the samples of one run that started sending at `startedAt`. @throws {RangeError} when empty */
export function summarizeRun(samples: readonly RequestSample[], startedAt: number): ApiFigures {
  if (samples.length === 0) throw new RangeError("A run without requests has no figures.");
  const fromSchedule = samples.map((sample) => sample.endedAt - sample.scheduledAt);
  const fromSend = samples.map((sample) => sample.endedAt - sample.sentAt);
  const accepted = samples.filter((sample) => sample.error === undefined).length;
  const lastEnd = Math.max(...samples.map((sample) => sample.endedAt));
  const errorKinds: Record<string, number> = {};
  for (const sample of samples)
    if (sample.error !== undefined) errorKinds[sample.error] = (errorKinds[sample.error] ?? 0) + 1;
  return {
    accepted_per_s: round(accepted / ((lastEnd - startedAt) / 1000), 1),
    p50_ms: round(percentile(fromSchedule, 50)),
    p99_ms: round(percentile(fromSchedule, 99)),
    max_ms: round(Math.max(...fromSchedule)),
    sent_p50_ms: round(percentile(fromSend, 50)),
    sent_p99_ms: round(percentile(fromSend, 99)),
    max_send_lag_ms: round(Math.max(...samples.map((sample) => sample.sentAt - sample.scheduledAt))),
    errors: samples.length - accepted,
    requests: samples.length,
    error_kinds: errorKinds,
  };
}

/** What the run left in the database, against what the API accepted. */
export interface JobCheck {
  readonly job_rows: number;
  readonly queue_messages: number;
  /** Accepted requests without a job row or without a queue message (0 when nothing was lost). */
  readonly lost: number;
}

/** Compares the stored job rows and queue messages with the number of accepted requests. */
export function checkJobs(
  accepted: number,
  counted: { readonly jobRows: number; readonly queueMessages: number },
): JobCheck {
  return {
    job_rows: counted.jobRows,
    queue_messages: counted.queueMessages,
    lost: Math.max(0, accepted - counted.jobRows, accepted - counted.queueMessages),
  };
}

/** One human-readable line for a database's run. */
export function describeRun(
  database: string,
  figures: ApiFigures,
  jobs: JobCheck,
  serverCpuMsPerRequest: number | undefined,
): string {
  const kinds = Object.entries(figures.error_kinds).map(([kind, count]) => `${kind} ×${count}`);
  return (
    `${database}: ${figures.requests} requests, ${figures.accepted_per_s} accepted/s; latency from schedule p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms, max ${figures.max_ms} ms; ` +
    `from send p50 ${figures.sent_p50_ms} ms, p99 ${figures.sent_p99_ms} ms; send lag max ${figures.max_send_lag_ms} ms; ` +
    `errors ${figures.errors}${kinds.length === 0 ? "" : ` (${kinds.join(", ")})`}; job rows ${jobs.job_rows}, queue messages ${jobs.queue_messages}` +
    (serverCpuMsPerRequest === undefined ? "" : `; server CPU ${serverCpuMsPerRequest.toFixed(2)} ms/request`)
  );
}

/** "MISSED target" lines for one database; the latency target applies to Postgres only. */
export function missedApiTargets(database: string, figures: ApiFigures, jobs: JobCheck): string[] {
  return [
    ...(database === "postgres" && figures.p99_ms > apiTargets.p99Ms
      ? [`MISSED target: ${database} p99 ${figures.p99_ms} ms > ${apiTargets.p99Ms} ms`]
      : []),
    ...(figures.errors > apiTargets.errors ? [`MISSED target: ${database} ${figures.errors} error(s)`] : []),
    ...(jobs.lost > 0
      ? [
          `MISSED target: ${database} lost ${jobs.lost} accepted job(s) (rows ${jobs.job_rows}, queue ${jobs.queue_messages})`,
        ]
      : []),
  ];
}
