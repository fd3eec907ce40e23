import { CourseforgeError } from "../errors/index.ts";

/** What an operator can do about an error, by its stable code, when the error carries no suggestion of its own. */
export const suggestionsByCode: Readonly<Record<string, string>> = {
  LLM_RATE_LIMITED:
    "The provider is rate limiting: lower COURSEFORGE_CONCURRENCY / COURSEFORGE_WORKER_CONCURRENCY or raise the account's limits.",
  LLM_AUTH_FAILED:
    "The provider refused the key: check OPENAI_API_KEY (and OPENAI_BASE_URL); run `courseforge doctor`.",
  LLM_PROVIDER_UNAVAILABLE:
    "The provider is unreachable or failing: check OPENAI_BASE_URL and the provider's status page; jobs resume from checkpoints.",
  LLM_TIMEOUT: "Model calls time out: raise COURSEFORGE_LLM_TIMEOUT_MS or choose a faster model.",
  LLM_OUTPUT_TRUNCATED:
    "The model ran out of output tokens: ask for fewer or shorter lessons, or use a model with a larger output limit.",
  LLM_SCHEMA_UNSUPPORTED:
    "The model does not support structured outputs: choose a model that does (e.g. gpt-4.1-mini).",
  LLM_BAD_REQUEST:
    "The provider rejected the request: check that the configured model name exists (`courseforge doctor`).",
  LLM_ATTEMPTS_EXHAUSTED:
    "Every attempt failed: see the step's earlier errors; raise COURSEFORGE_MAX_ATTEMPTS if they were transient.",
  LLM_INVALID_JSON: "The model kept answering invalid JSON: try a stronger model for this step.",
  LLM_OUTPUT_INVALID: "The model kept answering content that fails validation: try a stronger model for this step.",
  LLM_CONTENT_FILTERED: "The provider filtered the content: rephrase the course topic.",
  LLM_REFUSAL: "The model refused: rephrase the course topic.",
  LLM_LOCAL_MODEL_NOT_FOUND: "Check --model-path / COURSEFORGE_LOCAL_MODEL_PATH points at a .gguf file.",
  DATABASE_UNAVAILABLE:
    "The database is unreachable: check DATABASE_URL and that Postgres is running (`courseforge doctor`).",
  DATABASE_LOCKED:
    "Another process holds the embedded database: stop it, or use Postgres (DATABASE_URL) for several processes.",
  MIGRATION_FAILED: "A migration failed: read the error, fix the database, and start again.",
  MIGRATION_CHECKSUM_MISMATCH: "An applied migration file was edited: restore it; add changes as a new migration.",
  QUEUE_UNAVAILABLE: "The job queue could not start: check the database and COURSEFORGE_QUEUE_SCHEMA.",
  CONFIG_INVALID: "Fix the named setting and start again.",
};

/** The recovery suggestion of an error: its own `suggestion`, else the table entry for its code, else none. */
export function suggestionFor(error: unknown): string | undefined {
  if (!CourseforgeError.isInstance(error)) return undefined;
  return error.suggestion ?? suggestionsByCode[error.code];
}
