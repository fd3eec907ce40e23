import type { CourseRequest } from "../course/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError } from "../errors/index.ts";
import {
  BudgetExceededError,
  estimateCourseCost,
  sizeStepOutput,
  stepKindOf,
  type CompletionSizes,
  type SpendingGate,
  type StepModels,
} from "../generation/index.ts";
import { createCourseBudgets, type BudgetOwner, type CourseBudgets } from "../limits/index.ts";
import { sleep } from "../llm/index.ts";
import type { ModelPrice } from "../llm/types.ts";
import { loadCheckpoints } from "../store/index.ts";
import { appendJobEvent } from "./lifecycle-events.ts";

/** How the worker enforces USD budgets (docs/limits.md, "Budgets"). */
export interface BudgetEnforcement {
  readonly budgets: CourseBudgets;
  /** Past the global daily budget a new job waits (checking again every `waitSeconds`) or fails. */
  readonly overGlobal: "wait" | "refuse";
  readonly waitSeconds: number;
  /** Retrieval tokens added to each grounded lesson prompt (the knowledge token budget). */
  readonly groundingTokens: number;
}

/** A job's money for one run: the gate its calls claim through, and settlement of what they cost. */
export interface JobSpending {
  readonly gate: SpendingGate;
  /** Moves `costUsd` of finished attempts from held to spent. */
  settle(costUsd: number): Promise<void>;
  /** Gives back what the run still holds. */
  release(): Promise<void>;
}

/** The enforcement the config asks for, on `database` (caps seeded from `config.budgets`). */
export function budgetEnforcementOf(
  database: Database,
  config: {
    readonly budgets: {
      readonly roles: BudgetEnforcementDefaults["roles"];
      readonly globalUsdPerDay: number | null;
      readonly overGlobal: "wait" | "refuse";
      readonly waitSeconds: number;
    };
    readonly knowledge: { readonly tokenBudget: number };
  },
): BudgetEnforcement {
  return {
    budgets: createCourseBudgets({
      database,
      defaults: { roles: config.budgets.roles, globalUsdPerDay: config.budgets.globalUsdPerDay },
    }),
    overGlobal: config.budgets.overGlobal,
    waitSeconds: config.budgets.waitSeconds,
    groundingTokens: config.knowledge.tokenBudget,
  };
}

type BudgetEnforcementDefaults = Parameters<typeof createCourseBudgets>[0]["defaults"];

// A call that finds the hold short asks for this many times its own estimate: fewer round trips.
const extensionFactor = 2;

/**
 * Starts a job's run under its budgets: estimates what is left of it (steps not checkpointed) from
 * the request size, the step models, their prices and the sized `max_tokens`, and reserves that
 * atomically. Past a user or course cap it throws {@link BudgetExceededError}; past the global
 * daily cap it waits (emitting `job.waiting`, reason `global_budget`) or throws, as configured.
 */
export async function startJobSpending(options: {
  readonly database: Database;
  readonly enforcement: BudgetEnforcement;
  readonly jobId: string;
  readonly owner: BudgetOwner;
  readonly request: CourseRequest;
  readonly models: StepModels;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly completionSizes?: CompletionSizes;
  readonly grounded: boolean;
  /** The run stops after the outline for review: only the outline is reserved for. */
  readonly outlineOnly: boolean;
  /** The job's first claim: it has no checkpoints, so none are read. */
  readonly firstRun?: boolean;
  readonly signal: AbortSignal;
  /** Stops a wait for the global budget (the worker is draining). */
  readonly drainSignal?: AbortSignal;
}): Promise<JobSpending> {
  const { database, enforcement, jobId, owner, request, signal } = options;
  const budgets = enforcement.budgets;
  const done: ReadonlyMap<string, unknown> = options.firstRun
    ? new Map()
    : await loadCheckpoints(database, jobId, signal);
  const lessons = request.modules * request.lessonsPerModule;
  const doneOf = (kind: "lesson" | "quiz") => [...done.keys()].filter((step) => stepKindOf(step) === kind).length;
  const remaining = {
    outline: !done.has("outline"),
    lessons: options.outlineOnly ? 0 : Math.max(0, lessons - doneOf("lesson")),
    quizzes: options.outlineOnly ? 0 : Math.max(0, lessons - doneOf("quiz")),
  };
  const sized = async (task: "outline" | "lesson" | "quiz", model: string) =>
    sizeStepOutput(task, lessons, await options.completionSizes?.recorded(task, model, signal)).limit;
  const estimate = estimateCourseCost({
    request,
    models: options.models,
    prices: options.prices,
    outputTokens: {
      outline: await sized("outline", options.models.outline),
      lesson: await sized("lesson", options.models.lesson),
      quiz: await sized("quiz", options.models.quiz),
    },
    remaining,
    groundingTokens: options.grounded ? enforcement.groundingTokens : 0,
  });

  let held = 0;
  const stop = AbortSignal.any([signal, ...(options.drainSignal ? [options.drainSignal] : [])]);
  for (;;) {
    const outcome = await budgets.reserve(jobId, owner, estimate.totalUsd, "start", signal);
    if (outcome.reserved) {
      held = outcome.holdsUsd;
      break;
    }
    if (outcome.cap.name !== "global-day" || enforcement.overGlobal === "refuse")
      throw new BudgetExceededError(outcome.cap);
    await appendJobEvent(database, {
      type: "job.waiting",
      jobId,
      reason: "global_budget",
      message: new BudgetExceededError(outcome.cap).message,
      retryInMs: enforcement.waitSeconds * 1_000,
    });
    await sleep(enforcement.waitSeconds * 1_000, stop).catch(() => {
      throw new AbortedError("Stopped while waiting for the global budget.");
    });
  }

  let inFlight = 0;
  return {
    gate: {
      async claim(call, claimSignal) {
        if (inFlight + call.estimateUsd > held) {
          const amount = (inFlight + call.estimateUsd - held) * extensionFactor;
          const outcome = await budgets.reserve(jobId, owner, amount, "extend", claimSignal);
          if (!outcome.reserved) throw new BudgetExceededError(outcome.cap);
          held = outcome.holdsUsd;
        }
        inFlight += call.estimateUsd;
        let released = false;
        return {
          release() {
            if (released) return;
            released = true;
            inFlight -= call.estimateUsd;
          },
        };
      },
    },
    async settle(costUsd) {
      if (!(costUsd > 0)) return;
      held = Math.max(0, held - costUsd);
      await budgets.settle(jobId, costUsd);
    },
    release: () => budgets.release(jobId),
  };
}
