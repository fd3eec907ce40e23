import { InvalidInputError } from "../../errors/index.ts";
import type { ModelLimits } from "./provider-budget.ts";

/**
 * Parses `model=RPM:TPM;other=RPM:TPM` (the `COURSEFORGE_MODEL_LIMITS` form); either number may be
 * left empty (`gpt-4.1=:800000`) to learn it from the provider's headers.
 * @throws {InvalidInputError} on a malformed entry.
 */
export function parseModelLimits(text: string): Record<string, ModelLimits> {
  const limits: Record<string, ModelLimits> = {};
  for (const entry of text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const match = /^([^=\s]+)\s*=\s*(\d*)\s*:\s*(\d*)$/.exec(entry);
    if (match === null || (match[2] === "" && match[3] === "")) {
      throw new InvalidInputError(
        `A model limit must look like "gpt-4.1-mini=5000:4000000" (requests:tokens per minute), got ${JSON.stringify(entry)}.`,
      );
    }
    const [, model, requests, tokens] = match as unknown as [string, string, string, string];
    limits[model] = {
      ...(requests === "" ? {} : { requestsPerMinute: Number(requests) }),
      ...(tokens === "" ? {} : { tokensPerMinute: Number(tokens) }),
    };
  }
  return limits;
}
