/** Synthesizes numbers and integers within a schema's bounds (`minimum`, `exclusive*`, `multipleOf`). */
import type { SchemaObject } from "./json-schema.ts";
import type { SynthesisContext } from "./synthesis-context.ts";

interface Range {
  readonly low: number;
  readonly high: number;
  readonly lowExclusive: boolean;
  readonly highExclusive: boolean;
}

// Plausible ranges for unbounded fields, by name; a real model does not answer `order: 73`.
const defaultRanges: ReadonlyArray<readonly [RegExp, number, number]> = [
  [/index|position/i, 0, 9],
  [/order|rank|count|number|level|step/i, 1, 10],
  [/minute|duration/i, 5, 90],
  [/score|percent|progress/i, 0, 100],
  [/year/i, 1990, 2025],
];

function range(schema: SchemaObject, fieldName: string | undefined): Range {
  let low: number | undefined;
  let high: number | undefined;
  let lowExclusive = false;
  let highExclusive = false;
  if (typeof schema.minimum === "number") [low, lowExclusive] = [schema.minimum, schema.exclusiveMinimum === true];
  if (typeof schema.maximum === "number") [high, highExclusive] = [schema.maximum, schema.exclusiveMaximum === true];
  if (typeof schema.exclusiveMinimum === "number" && (low === undefined || schema.exclusiveMinimum >= low))
    [low, lowExclusive] = [schema.exclusiveMinimum, true];
  if (typeof schema.exclusiveMaximum === "number" && (high === undefined || schema.exclusiveMaximum <= high))
    [high, highExclusive] = [schema.exclusiveMaximum, true];
  const [, defaultLow, defaultHigh] = defaultRanges.find(
    ([pattern]) => fieldName !== undefined && pattern.test(fieldName),
  ) ?? [undefined, 1, 100];
  const span = defaultHigh - defaultLow;
  if (low === undefined && high === undefined) [low, high] = [defaultLow, defaultHigh];
  else if (low === undefined)
    low = (high as number) >= span ? Math.max(defaultLow, (high as number) - span) : (high as number) - span;
  else if (high === undefined) high = Math.max(low, defaultLow) + span;
  return { low, high: high as number, lowExclusive, highExclusive };
}

/** An integer valid for the schema's bounds and `multipleOf`. */
export function synthesizeInteger(schema: SchemaObject, context: SynthesisContext): number {
  const { low, high, lowExclusive, highExclusive } = range(schema, context.fieldName);
  const lowInteger = lowExclusive ? Math.floor(low) + 1 : Math.ceil(low);
  const highInteger = highExclusive ? Math.ceil(high) - 1 : Math.floor(high);
  const step = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : 1;
  const first = Math.ceil(lowInteger / step);
  const last = Math.floor(highInteger / step);
  if (first > last) return lowInteger;
  return normalizeZero(context.source.random.integer(first, last) * step);
}

/** A number (two decimals when possible) valid for the schema's bounds and `multipleOf`. */
export function synthesizeNumber(schema: SchemaObject, context: SynthesisContext): number {
  const { low, high, lowExclusive, highExclusive } = range(schema, context.fieldName);
  const { random } = context.source;
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) {
    const step = schema.multipleOf;
    const first = lowExclusive ? Math.floor(low / step) + 1 : Math.ceil(low / step);
    const last = highExclusive ? Math.ceil(high / step) - 1 : Math.floor(high / step);
    return normalizeZero(first > last ? first * step : random.integer(first, last) * step);
  }
  const value = Math.round((low + random.next() * (high - low)) * 100) / 100;
  const inside = (candidate: number) =>
    (lowExclusive ? candidate > low : candidate >= low) && (highExclusive ? candidate < high : candidate <= high);
  if (inside(value)) return normalizeZero(value);
  const middle = (low + high) / 2;
  return normalizeZero(inside(middle) ? middle : low);
}

// -0 serializes as 0 but fails some equality checks; a model never writes it.
function normalizeZero(value: number): number {
  return value === 0 ? 0 : value;
}
