import { access } from "node:fs/promises";
import OpenAI from "openai";
import type { Config } from "../config/index.ts";
import { findPrice } from "../llm/index.ts";
import { startSimulator } from "../simulator/index.ts";
import { fail, pass, messageOf, type DoctorCheck } from "./doctor-check.ts";
import { checkDatabase } from "./doctor-database.ts";

export type { DoctorCheck } from "./doctor-check.ts";

/** Whether the settings fit together beyond what `loadConfig` already refuses. */
export function checkConfig(config: Config): DoctorCheck {
  const problems: string[] = [];
  // The provider budget holds each model's calls to COURSEFORGE_MODEL_CONCURRENCY_MAX whatever the jobs ask for.
  const models = new Set([config.models.outline, config.models.lesson, config.models.quiz]).size;
  const callsAtOnce = Math.min(
    config.generation.concurrency * config.jobs.workerConcurrency,
    config.resilience.modelConcurrencyMax * models,
  );
  if (callsAtOnce > 1_024)
    problems.push(
      `${callsAtOnce} model calls at once per process (COURSEFORGE_CONCURRENCY × COURSEFORGE_WORKER_CONCURRENCY, at most COURSEFORGE_MODEL_CONCURRENCY_MAX per model): over 1024`,
    );
  if (config.llm.timeoutMs < 10_000)
    problems.push(`COURSEFORGE_LLM_TIMEOUT_MS is ${config.llm.timeoutMs} (under 10 s: long lessons time out)`);
  if (config.jobs.shutdownGraceSeconds * 1_000 < Math.min(config.llm.timeoutMs, 30_000))
    problems.push(
      `COURSEFORGE_SHUTDOWN_GRACE_SECONDS is ${config.jobs.shutdownGraceSeconds} (steps in flight are cut off on shutdown)`,
    );
  if (problems.length > 0)
    return fail("config", problems.join("; "), "Adjust the named settings (see docs/observability.md#doctor).");
  return pass(
    "config",
    `provider ${config.provider}, ${config.generation.concurrency} calls per job, ${config.jobs.workerConcurrency} jobs per worker`,
  );
}

async function listModels(
  baseUrl: string | undefined,
  apiKey: string,
  organization: string | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  const client = new OpenAI({
    apiKey,
    baseURL: baseUrl,
    organization: organization ?? null,
    maxRetries: 0,
    timeout: 15_000,
  });
  const ids: string[] = [];
  for await (const model of client.models.list({ signal })) ids.push(model.id);
  return ids;
}

async function checkProvider(config: Config, signal: AbortSignal): Promise<DoctorCheck[]> {
  const configured = [...new Set([config.models.outline, config.models.lesson, config.models.quiz])];
  const priced = configured.filter((model) => findPrice(config.prices, model) === undefined);
  const prices =
    priced.length === 0
      ? pass("prices", `${configured.join(", ")} priced`)
      : fail(
          "prices",
          `no price for ${priced.join(", ")}: costs and budgets count 0`,
          'Add them to COURSEFORGE_PRICES, e.g. {"my-model":{"inputPerMillion":0.4,"cachedInputPerMillion":0.1,"outputPerMillion":1.6}}.',
        );
  if (config.provider === "local") {
    try {
      await access(config.local.modelPath!);
      return [
        pass("provider", `local model ${config.local.modelPath}`),
        pass("models", "the local model answers to any name"),
        prices,
      ];
    } catch {
      return [
        fail(
          "provider",
          `no model file at ${config.local.modelPath}`,
          "Set --model-path / COURSEFORGE_LOCAL_MODEL_PATH to a .gguf file.",
        ),
        prices,
      ];
    }
  }
  const simulator =
    config.provider === "simulator"
      ? await startSimulator({ port: 0, seed: config.simulator.seed, timeScale: 0 })
      : undefined;
  const baseUrl = simulator?.url ?? config.openai.baseUrl;
  const shown = baseUrl ?? "https://api.openai.com/v1";
  try {
    const ids = await listModels(
      baseUrl,
      simulator ? "simulator" : (config.openai.apiKey ?? "no-key"),
      simulator ? undefined : config.openai.organization,
      signal,
    );
    const unknown = configured.filter((model) => !ids.includes(model));
    return [
      pass(
        "provider",
        `${config.provider} at ${shown} answered GET /models (${ids.length} models); the key was accepted`,
      ),
      unknown.length === 0
        ? pass("models", `${configured.join(", ")} offered`)
        : fail(
            "models",
            `not offered by the provider: ${unknown.join(", ")}`,
            "Set COURSEFORGE_MODEL (or COURSEFORGE_OUTLINE/LESSON/QUIZ_MODEL) to a model the provider lists.",
          ),
      prices,
    ];
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const refused = status === 401 || status === 403;
    return [
      refused
        ? fail(
            "provider",
            `${shown} refused the key (HTTP ${String(status)})`,
            "Set OPENAI_API_KEY to a valid key for this provider (and OPENAI_ORG_ID if it needs one).",
          )
        : fail(
            "provider",
            `${shown} is not reachable: ${messageOf(error)}`,
            "Check OPENAI_BASE_URL, the network, and the provider's status.",
          ),
      fail("models", "not checked: no provider", "Fix the provider first."),
      prices,
    ];
  } finally {
    await simulator?.close();
  }
}

/** Checks the setup end to end: config, database and migrations, limits, provider and key, models and prices. */
export async function runDoctor(
  config: Config,
  options: { readonly signal?: AbortSignal } = {},
): Promise<DoctorCheck[]> {
  const signal = AbortSignal.any([options.signal ?? new AbortController().signal, AbortSignal.timeout(60_000)]);
  return [checkConfig(config), ...(await checkDatabase(config, signal)), ...(await checkProvider(config, signal))];
}

/** One line per check: `PASS name: detail` or `FAIL name: detail\n       fix: …`. */
export function formatDoctorReport(checks: readonly DoctorCheck[]): string {
  return (
    checks
      .map((check) =>
        check.ok
          ? `PASS ${check.name}: ${check.detail}`
          : `FAIL ${check.name}: ${check.detail}\n     fix: ${check.fix ?? ""}`,
      )
      .join("\n") + "\n"
  );
}
