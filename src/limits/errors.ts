import { CourseforgeError } from "../errors/index.ts";
import type { BucketState } from "./buckets.ts";

/** What a refused request reports about the limit it hit (the RateLimit header fields are built from it). */
export interface LimitReport {
  /** `courses-hour`, `courses-day`, `courses-global` or `tokens-day`. */
  readonly name: string;
  readonly quota: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  readonly resetSeconds: number;
}

/** A limit was hit (429): `RATE_LIMITED` for course counts, `QUOTA_EXCEEDED` for the daily tokens. Nothing was enqueued. */
export class LimitExceededError extends CourseforgeError {
  readonly report: LimitReport;
  constructor(code: "RATE_LIMITED" | "QUOTA_EXCEEDED", message: string, report: LimitReport, retryAfterMs: number) {
    super(code, message, {
      retryable: true,
      details: { limit: report.name, quota: report.quota, windowSeconds: report.windowSeconds, retryAfterMs },
      suggestion: "Wait for the Retry-After delay, or ask an admin to raise your limit.",
    });
    this.report = report;
  }
}

/** The report of a bucket's state. */
export function reportOf(state: BucketState): LimitReport {
  return {
    name: state.bucket.name,
    quota: state.bucket.rate,
    windowSeconds: Math.round(state.bucket.windowMs / 1000),
    remaining: state.remaining,
    resetSeconds: Math.ceil(state.resetMs / 1000),
  };
}

/**
 * The `RateLimit-Policy` and `RateLimit` header fields (draft-ietf-httpapi-ratelimit-headers,
 * structured-field form): `"courses-hour";q=20;w=3600` and `"courses-hour";r=0;t=180`.
 */
export function rateLimitHeaders(reports: readonly LimitReport[]): Record<string, string> {
  if (reports.length === 0) return {};
  return {
    "RateLimit-Policy": reports
      .map((report) => `"${report.name}";q=${report.quota};w=${report.windowSeconds}`)
      .join(", "),
    RateLimit: reports.map((report) => `"${report.name}";r=${report.remaining};t=${report.resetSeconds}`).join(", "),
  };
}
