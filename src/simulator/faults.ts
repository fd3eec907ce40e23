/**
 * Fault injection: which faults exist, how one is chosen for a request, and how a good answer is
 * damaged into the faulty one (invalid JSON, schema violation, truncation).
 */
import { z } from "zod";
import { InvalidInputError } from "../errors/index.ts";
import { isSchemaObject, resolveSchema } from "./json-schema.ts";
import type { JsonValue, SchemaObject } from "./json-schema.ts";
import type { Random } from "./random.ts";
import { matchesSchema } from "./schema-check.ts";

/** Every fault the simulator can inject. */
export const faultKinds = [
  "rate_limit",
  "server_error",
  "timeout",
  "invalid_json",
  "schema_violation",
  "refusal",
  "truncation",
  "content_filter",
  "slow_stream",
  "low_quality",
] as const;

/**
 * Faults a request can roll. `low_quality` is not one: it is decided per lesson (the same for every
 * call about it) and only when named, so "every kind" keeps meaning the transport and format faults.
 */
const requestFaultKinds = faultKinds.filter((kind) => kind !== "low_quality");

/** One kind of injected fault (see docs/simulator.md for what each produces). */
export type FaultKind = (typeof faultKinds)[number];

/** How often faults fire and which ones. */
export interface FaultOptions {
  /** Probability in [0, 1] that a request gets a fault. */
  readonly rate: number;
  /** Kinds chosen uniformly when a fault fires; empty means every kind. */
  readonly kinds: readonly FaultKind[];
  /** Inject at most this many faults, then none (for reproducible chaos tests); unset = no cap. */
  readonly limit?: number;
}

/** The refusal text a simulated model gives. */
export const refusalMessage = "I'm sorry, I can't help with that.";

const faultOptionsSchema = z.strictObject({
  rate: z.number().min(0).max(1),
  kinds: z.array(z.enum(faultKinds)).default([]),
  limit: z.number().int().min(0).optional(),
});

/** True when `value` names a fault kind. */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === "string" && (faultKinds as readonly string[]).includes(value);
}

/**
 * Validates fault options from configuration or a control request.
 * @throws {InvalidInputError} when the rate is outside [0, 1] or a kind is unknown
 */
export function parseFaultOptions(value: unknown): FaultOptions {
  const parsed = faultOptionsSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(`Invalid simulator fault options: ${z.prettifyError(parsed.error)}`, {
      details: { value },
      suggestion: `Use { "rate": 0..1, "kinds": [${faultKinds.map((kind) => `"${kind}"`).join(", ")}] }.`,
    });
  }
  const options = { rate: parsed.data.rate, kinds: [...new Set(parsed.data.kinds)] };
  return parsed.data.limit === undefined ? options : { ...options, limit: parsed.data.limit };
}

/** Rolls for a fault: a kind with probability `options.rate`, otherwise `undefined`. */
export function chooseFault(options: FaultOptions, random: Random): FaultKind | undefined {
  const kinds = options.kinds.length > 0 ? options.kinds.filter((kind) => kind !== "low_quality") : requestFaultKinds;
  if (kinds.length === 0 || options.rate <= 0 || !random.chance(options.rate)) return undefined;
  return random.pick(kinds);
}

/** Cuts JSON text so that it no longer parses (as a model cut off mid-object does). */
export function breakJson(content: string, random: Random): string {
  const points = Array.from(content);
  const cut = points.slice(0, Math.max(1, Math.floor(points.length * (0.3 + random.next() * 0.4)))).join("");
  return parses(cut) ? `${cut},` : cut;
}

/** Cuts content mid-way, as a model that hit `max_tokens` does. */
export function truncateContent(content: string, random: Random): string {
  const points = Array.from(content);
  return points.slice(0, Math.max(1, Math.floor(points.length * (0.4 + random.next() * 0.3)))).join("");
}

/**
 * Returns a JSON value that is still valid JSON but violates the schema: a required property
 * dropped, else a property (or the whole value) of the wrong type.
 */
export function violateSchema(value: JsonValue, schema: SchemaObject): JsonValue {
  const resolved = resolveSchema(schema, schema);
  const candidates: JsonValue[] = [];
  if (isSchemaObject(value)) {
    const record = value as Record<string, JsonValue>;
    const required = Array.isArray(resolved.required) ? (resolved.required as string[]) : [];
    for (const name of required.filter((key) => key in record)) {
      const { [name]: _dropped, ...rest } = record;
      candidates.push(rest);
    }
    for (const [key, propertyValue] of Object.entries(record))
      candidates.push({ ...record, [key]: wrongType(propertyValue) });
  }
  candidates.push(wrongType(value));
  return candidates.find((candidate) => !matchesSchema(candidate, schema, schema)) ?? wrongType(value);
}

function wrongType(value: JsonValue): JsonValue {
  if (typeof value === "string") return 42;
  if (typeof value === "number") return "not a number";
  if (typeof value === "boolean") return "yes";
  if (value === null) return { unexpected: true };
  if (Array.isArray(value)) return "not a list";
  return ["not an object"];
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
