import type { Queryable } from "../db/port.ts";
import { CourseforgeError } from "../errors/index.ts";
import type { FallbackChains } from "../llm/router/index.ts";
import { roles, type Role } from "../users/index.ts";

/** What the default allow-lists are made of: the config's models, prices and fallback chains. */
export interface ModelAccessDefaults {
  /** The model each step uses when a request names none (`models` in the config). */
  readonly stepModels: { readonly outline: string; readonly lesson: string; readonly quiz: string };
  /** Names of the models with a price (`prices` in the config): only those can be budgeted. */
  readonly pricedModels: readonly string[];
  /** Fallback chains (`COURSEFORGE_FALLBACK_MODELS`): primary → fallbacks. */
  readonly fallbacks: Readonly<Record<string, readonly string[]>>;
}

/** A role's allow-list and where it comes from. */
export interface RoleModels {
  readonly models: readonly string[];
  /** `config`: the default below; `admin`: stored by an admin. */
  readonly source: "config" | "admin";
}

/** Every role's allow-list, as `GET /v1/admin/models` shows it. */
export interface ModelAccessSettings {
  readonly roles: Readonly<Record<Role, RoleModels>>;
  /** Models an admin may put on a list: the priced ones and the configured step models. */
  readonly selectable: readonly string[];
}

/** A request named a model its caller's role may not use, or one without a price (400). */
export class ModelNotAllowedError extends CourseforgeError {
  constructor(model: string, role: Role, allowed: readonly string[], reason: "unlisted" | "unpriced") {
    const because =
      reason === "unpriced"
        ? `it has no price, so its cost could not be counted against budgets`
        : `it is not on the ${role} role's allow-list`;
    super("MODEL_NOT_ALLOWED", `The model "${model}" is not allowed: ${because}. Allowed: ${allowed.join(", ")}.`, {
      details: { field: "model", model, role, allowed: [...allowed] },
      suggestion:
        allowed.length > 0
          ? `Leave "model" out to use the default, or name one of: ${allowed.join(", ")}. An admin can change the list (PUT /v1/admin/models/${role}).`
          : `Leave "model" out to use the default. An admin can allow models (PUT /v1/admin/models/${role}).`,
    });
  }
}

/** An admin tried to allow a model that has no price and is not a configured step model (400). */
export class UnpricedModelError extends CourseforgeError {
  constructor(models: readonly string[], selectable: readonly string[]) {
    super("INVALID_INPUT", `These models have no price, so their cost could not be counted: ${models.join(", ")}.`, {
      details: { field: "models", unpriced: [...models], selectable: [...selectable] },
      suggestion: `Choose among ${selectable.join(", ")}, or give the model a price in COURSEFORGE_PRICES first.`,
    });
  }
}

function unique(models: Iterable<string>): string[] {
  return [...new Set(models)];
}

/** The configured step models, then their fallbacks. */
function configuredModels(defaults: ModelAccessDefaults): string[] {
  const steps = unique([defaults.stepModels.lesson, defaults.stepModels.outline, defaults.stepModels.quiz]);
  return unique([...steps, ...steps.flatMap((model) => defaults.fallbacks[model] ?? [])]);
}

/**
 * The allow-lists a role has until an admin stores one: students the default model only (the one
 * lessons are written with), teachers the configured step models and their fallbacks, admins
 * those and every priced model.
 */
export function defaultModelAllowLists(defaults: ModelAccessDefaults): Record<Role, string[]> {
  const configured = configuredModels(defaults);
  return {
    student: [defaults.stepModels.lesson],
    teacher: configured,
    admin: unique([...configured, ...[...defaults.pricedModels].sort()]),
  };
}

/** Models that may be on a list: priced ones, and the configured ones (an operator's choice, e.g. a local model). */
export function selectableModels(defaults: ModelAccessDefaults): string[] {
  return unique([...configuredModels(defaults), ...[...defaults.pricedModels].sort()]);
}

/** The stored allow-lists (roles without a row use the default). */
export async function readStoredAllowLists(
  database: Queryable,
  signal?: AbortSignal,
): Promise<Partial<Record<Role, string[]>>> {
  const rows = await database.query<{ role: string; models: unknown }>(
    `SELECT role, models FROM course_generation_model_allowlists`,
    [],
    { signal },
  );
  const stored: Partial<Record<Role, string[]>> = {};
  for (const row of rows) {
    const models = typeof row.models === "string" ? (JSON.parse(row.models) as unknown) : row.models;
    if ((roles as readonly string[]).includes(row.role) && Array.isArray(models))
      stored[row.role as Role] = models.map(String);
  }
  return stored;
}

/** Stores a role's allow-list, or removes it (`null`: the default applies again). */
export async function storeAllowList(
  database: Queryable,
  role: Role,
  models: readonly string[] | null,
  signal?: AbortSignal,
): Promise<void> {
  if (models === null) {
    await database.query(`DELETE FROM course_generation_model_allowlists WHERE role = $1`, [role], { signal });
    return;
  }
  await database.query(
    `INSERT INTO course_generation_model_allowlists (role, models) VALUES ($1, $2::jsonb)
     ON CONFLICT (role) DO UPDATE SET models = EXCLUDED.models, updated_at = now()`,
    [role, JSON.stringify(models)],
    { signal },
  );
}

/** The allow-lists in force: stored ones over the defaults. */
export function allowListsOf(
  defaults: ModelAccessDefaults,
  stored: Partial<Record<Role, string[]>>,
): Record<Role, RoleModels> {
  const fallback = defaultModelAllowLists(defaults);
  const entry = (role: Role): RoleModels =>
    stored[role] === undefined
      ? { models: fallback[role], source: "config" }
      : { models: stored[role], source: "admin" };
  return { student: entry("student"), teacher: entry("teacher"), admin: entry("admin") };
}

/**
 * Checks a model a request names against the role's allow-list; a model without a price is
 * refused even when listed (its calls would cost $0 and slip past budget alerts), unless it is a
 * configured step model.
 *
 * @throws {ModelNotAllowedError}
 */
export function checkModelAllowed(
  model: string,
  role: Role,
  allowed: readonly string[],
  defaults: ModelAccessDefaults,
): void {
  if (!allowed.includes(model)) throw new ModelNotAllowedError(model, role, allowed, "unlisted");
  if (!selectableModels(defaults).includes(model)) throw new ModelNotAllowedError(model, role, allowed, "unpriced");
}

/**
 * Checks a list an admin wants to store: every model priced or configured, no blank or duplicate.
 *
 * @throws {UnpricedModelError}
 */
export function checkAllowList(models: readonly string[], defaults: ModelAccessDefaults): string[] {
  const selectable = selectableModels(defaults);
  const list = unique(models.map((model) => model.trim()));
  const unpriced = list.filter((model) => !selectable.includes(model));
  if (unpriced.length > 0) throw new UnpricedModelError(unpriced, selectable);
  return list;
}

/** The defaults of {@link ModelAccessDefaults} from the resolved config. */
export function modelAccessDefaultsOf(config: {
  readonly models: { readonly outline: string; readonly lesson: string; readonly quiz: string };
  readonly prices: Readonly<Record<string, unknown>>;
  readonly resilience: { readonly fallbackModels: FallbackChains };
}): ModelAccessDefaults {
  return {
    stepModels: config.models,
    pricedModels: Object.keys(config.prices),
    fallbacks: config.resilience.fallbackModels,
  };
}
