import { describe, expect, it } from "vitest";
import type { RequestSample } from "./api-load.ts";
import { checkJobs, missedApiTargets, percentile, summarizeRun } from "./api-report.ts";

const sample = (scheduledAt: number, sentAt: number, endedAt: number, error?: string): RequestSample => ({
  scheduledAt,
  sentAt,
  endedAt,
  status: error === undefined ? 202 : 500,
  created: error === undefined,
  error,
});

describe("percentile", () => {
  it("takes the nearest rank, whatever the input order", () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 … 1
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it("refuses an empty sample or a percentile out of range", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarizeRun", () => {
  it("measures latency from the schedule and from the send, and counts errors by kind", () => {
    // Request 1 was sent 30 ms late (the generator lagged): from its schedule it took 40 ms.
    const samples = [
      sample(0, 0, 5),
      sample(10, 40, 50),
      sample(20, 20, 30, "HTTP 500"),
      sample(30, 30, 1000, "timeout"),
    ];
    const figures = summarizeRun(samples, 0);
    expect(figures.requests).toBe(4);
    expect(figures.errors).toBe(2);
    expect(figures.error_kinds).toEqual({ "HTTP 500": 1, timeout: 1 });
    // Two accepted over one second from the first scheduled send to the last answer.
    expect(figures.accepted_per_s).toBe(2);
    expect(figures.p50_ms).toBe(10);
    expect(figures.max_ms).toBe(970);
    expect(figures.sent_p50_ms).toBe(10);
    expect(figures.max_send_lag_ms).toBe(30);
  });

  it("refuses a run without requests", () => {
    expect(() => summarizeRun([], 0)).toThrow(RangeError);
  });
});

describe("checkJobs and missedApiTargets", () => {
  const clean = summarizeRun([sample(0, 0, 10), sample(5, 5, 15)], 0);

  it("counts an accepted request without a job row or a queue message as lost", () => {
    expect(checkJobs(2, { jobRows: 2, queueMessages: 2 }).lost).toBe(0);
    expect(checkJobs(2, { jobRows: 1, queueMessages: 2 }).lost).toBe(1);
    expect(checkJobs(2, { jobRows: 2, queueMessages: 0 }).lost).toBe(2);
  });

  it("holds Postgres to the p99 target, every database to no errors and nothing lost", () => {
    const slow = { ...clean, p99_ms: 51 };
    const jobs = checkJobs(2, { jobRows: 2, queueMessages: 2 });
    expect(missedApiTargets("postgres", clean, jobs)).toEqual([]);
    expect(missedApiTargets("postgres", slow, jobs)).toEqual(["MISSED target: postgres p99 51 ms > 50 ms"]);
    expect(missedApiTargets("pglite", slow, jobs)).toEqual([]);
    expect(
      missedApiTargets("pglite", { ...clean, errors: 1 }, checkJobs(2, { jobRows: 1, queueMessages: 1 })),
    ).toHaveLength(2);
  });
});
