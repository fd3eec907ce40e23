/**
 * Makes synthesized quiz-like objects coherent the way a real model's answers are: the correct
 * answer is one of the options, and a correct index points into the options. Without this, every
 * simulated quiz would fail the pipeline's semantic checks and be retried forever.
 */
import type { JsonValue, SchemaObject } from "./json-schema.ts";
import { isSchemaObject, resolveSchema } from "./json-schema.ts";
import type { Random } from "./random.ts";
import { matchesSchema } from "./schema-check.ts";

const optionsName = /^(options|choices|alternatives|answers|answerOptions|answer_options)$/i;
const answerName = /^(correct_?answer|answer|correct_?option|correct_?choice|solution|correct|right_?answer)$/i;
const answersName = /^(correct_?answers|correct_?options|correct_?choices)$/i;
const indexName =
  /^(correct_?(answer_?|option_?|choice_?)?index|answer_?index|correct_?option|correct_?choice|correct)$/i;

/**
 * Rewrites, in place, the answer-like properties of `object` to agree with its options property,
 * keeping every property valid for its own schema (a change that would break it is not made).
 */
export function alignAnswers(
  object: Record<string, JsonValue>,
  schema: SchemaObject,
  root: SchemaObject,
  random: Random,
): void {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  const optionsKey = Object.keys(object).find((key) => optionsName.test(key) && Array.isArray(object[key]));
  if (optionsKey === undefined) return;
  const options = object[optionsKey] as JsonValue[];
  if (options.length === 0) return;
  const optionLabels = options.map(optionLabel);
  // One choice for the whole object, so that `answer` and `correctIndex` agree with each other.
  const chosen = random.integer(0, options.length - 1);

  for (const key of Object.keys(object)) {
    if (key === optionsKey) continue;
    const current = object[key];
    const propertySchema = properties[key];
    let candidates: JsonValue[] = [];
    if (typeof current === "string" && answerName.test(key)) {
      const label = optionLabels[chosen];
      candidates = label === undefined ? [] : [label];
    } else if (typeof current === "number" && Number.isInteger(current) && indexName.test(key)) {
      candidates = [chosen, chosen + 1];
    } else if (Array.isArray(current) && answersName.test(key) && current.every((item) => typeof item === "string")) {
      const labels = optionLabels.filter((label): label is string => label !== undefined);
      const count = Math.max(1, Math.min(current.length, labels.length));
      candidates = [
        labels
          .slice(chosen % labels.length)
          .concat(labels)
          .slice(0, count),
      ];
    }
    const valid = candidates.find((candidate) => matchesSchema(candidate, propertySchema, root));
    if (valid !== undefined) object[key] = valid;
  }
}

// Options are strings, or objects whose text sits in a `text`/`label`/`value`-like property.
function optionLabel(option: JsonValue): string | undefined {
  if (typeof option === "string") return option;
  if (isSchemaObject(option)) {
    const record = option as Record<string, JsonValue>;
    for (const key of ["text", "label", "value", "option", "content", "id"]) {
      const value = record[key];
      if (typeof value === "string") return value;
    }
  }
  return undefined;
}

/**
 * Spreads enum-valued properties of object items across the enum, as a real model spreads quiz
 * questions over a lesson's objectives: item i takes value (start + i) mod n, so every value appears
 * once there are at least as many items as values. A change that would break an item is not made.
 */
export function spreadEnumChoices(
  items: JsonValue[],
  itemSchema: SchemaObject,
  root: SchemaObject,
  random: Random,
): void {
  const objects = items.filter((item): item is Record<string, JsonValue> => isSchemaObject(item));
  if (objects.length < 2 || objects.length !== items.length) return;
  for (const [key, values] of enumProperties(itemSchema, root)) {
    if (!objects.every((object) => typeof object[key] === "string" && values.includes(object[key] as string))) continue;
    const start = random.integer(0, values.length - 1);
    objects.forEach((object, index) => {
      const previous = object[key]!;
      object[key] = values[(start + index) % values.length]!;
      if (!matchesSchema(object, itemSchema, root)) object[key] = previous;
    });
  }
}

/** String enums declared for a property in the item schema or any of its anyOf/oneOf branches. */
// String enums declared for a property in the item schema or any of its anyOf/oneOf branches.
export function enumProperties(schema: SchemaObject, root: SchemaObject): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (node: unknown) => {
    const resolved = resolveSchema(node, root);
    const properties = isSchemaObject(resolved.properties) ? resolved.properties : {};
    for (const [name, property] of Object.entries(properties)) {
      const values = resolveSchema(property, root).enum;
      if (
        Array.isArray(values) &&
        values.length > 1 &&
        values.every((value) => typeof value === "string") &&
        !found.has(name)
      )
        found.set(name, values as string[]);
    }
    for (const branch of [
      ...(Array.isArray(resolved.anyOf) ? resolved.anyOf : []),
      ...(Array.isArray(resolved.oneOf) ? resolved.oneOf : []),
    ])
      visit(branch);
  };
  visit(schema);
  return found;
}
