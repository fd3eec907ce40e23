import { Ajv2020, type Options } from "ajv/dist/2020.js";

// RFC 3339 date-time as the course format writes it (`z.iso.datetime()`: UTC, optional fraction)
// and as offsets appear in API answers.
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A JSON Schema 2020-12 validator that knows the formats Courseforge's schemas use. Ajv alone
 * ignores `format: "date-time"` and `"email"` and prints "unknown format ignored" for every schema it
 * compiles; here the formats are checked for real (and nothing is printed).
 */
export function createJsonSchemaValidator(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020(options);
  ajv.addFormat("date-time", {
    type: "string",
    validate: (text: string) => dateTimePattern.test(text) && !Number.isNaN(Date.parse(text)),
  });
  ajv.addFormat("email", { type: "string", validate: (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) });
  return ajv;
}
