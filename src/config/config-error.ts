import { CourseforgeError } from "../errors/index.ts";

/** A configuration value that is missing or malformed; names the variable or flag and the expected form. */
export class ConfigError extends CourseforgeError {
  static readonly code = "CONFIG_INVALID";
  constructor(message: string, details: Record<string, unknown>, suggestion?: string) {
    super("CONFIG_INVALID", message, { details, suggestion: suggestion ?? "Fix the named setting and start again." });
  }
}
