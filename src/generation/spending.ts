import { CourseforgeError } from "../errors/index.ts";

/** Which cap stopped a job: the user's day or month, the course's own, or the service's day. */
export type BudgetCapName = "user-day" | "user-month" | "course" | "global-day";

/** What a refused reservation reports about the cap it would have passed. */
export interface BudgetCap {
  readonly name: BudgetCapName;
  readonly limitUsd: number;
  /** Spent and held against the cap before this reservation. */
  readonly usedUsd: number;
  /** What the refused reservation asked for. */
  readonly neededUsd: number;
}

const capWords: Readonly<Record<BudgetCapName, string>> = {
  "user-day": "Your daily budget (UTC day)",
  "user-month": "Your monthly budget (UTC month)",
  course: "The per-course budget",
  "global-day": "The service's daily budget (UTC day)",
};

function dollars(value: number): string {
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

/**
 * A job would pass one of its spending caps: it stops with its checkpoints kept (`BUDGET_EXCEEDED`,
 * 429 at submission). Resume it once the cap is raised (`POST /v1/jobs/:id/resume`); the steps it
 * finished are not paid for again.
 */
export class BudgetExceededError extends CourseforgeError {
  static readonly code = "BUDGET_EXCEEDED";
  readonly cap: BudgetCap;
  constructor(cap: BudgetCap) {
    super(
      "BUDGET_EXCEEDED",
      `${capWords[cap.name]} of ${dollars(cap.limitUsd)} would be passed: ${dollars(cap.usedUsd)} is spent or held, and the next work needs ${dollars(cap.neededUsd)}.`,
      {
        details: { cap: cap.name, limitUsd: cap.limitUsd, usedUsd: cap.usedUsd, neededUsd: cap.neededUsd },
        suggestion:
          cap.name === "global-day"
            ? "Wait for the next UTC day or ask an admin to raise the global budget (PUT /v1/admin/budgets/global), then resume the job (POST /v1/jobs/:id/resume)."
            : "Ask an admin to raise the cap (PUT /v1/admin/budgets/…), then resume the job (POST /v1/jobs/:id/resume); finished steps are kept.",
      },
    );
    this.cap = cap;
  }

  static override isInstance(value: unknown): value is BudgetExceededError {
    return CourseforgeError.isInstance(value) && value.code === BudgetExceededError.code && "cap" in value;
  }
}

/** One model call's claim on the job's reservation, from before it is sent until it ends. */
export interface SpendingClaim {
  /** The call ended (its actual cost is settled from its call records): frees the claim. */
  release(): void;
}

/**
 * The pipeline's port to the job's money: before each model call it claims the call's most
 * expensive outcome (prompt at the input price plus `max_tokens` at the output price) against what
 * the job reserved, and the port extends the reservation when that runs out.
 */
export interface SpendingGate {
  /** @throws {BudgetExceededError} when the job's reservation cannot grow by `estimateUsd` under its caps. */
  claim(call: { readonly step: string; readonly estimateUsd: number }, signal: AbortSignal): Promise<SpendingClaim>;
}
