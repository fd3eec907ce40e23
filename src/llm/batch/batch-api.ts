import { toFile } from "openai";
import { mapOpenAiError } from "../providers/openai-compatible/map-error.ts";
import { openOpenAiEndpoint, type OpenAiEndpointOptions } from "../providers/openai-compatible/client.ts";

/** A provider batch as Courseforge reads it. */
export interface ProviderBatch {
  readonly id: string;
  readonly status:
    "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "expired" | "cancelling" | "cancelled";
  readonly outputFileId: string | undefined;
  readonly errorFileId: string | undefined;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** What the provider said went wrong (a failed batch's validation errors). */
  readonly errors: string | undefined;
  /** Courseforge's own id of the batch, from its metadata. */
  readonly key: string | undefined;
}

/** The narrow port to a provider's Batch API (OpenAI's `/v1/files` and `/v1/batches`). */
export interface BatchApi {
  readonly provider: string;
  /** Uploads a JSONL file (purpose `batch`); returns its id. */
  upload(filename: string, jsonl: string, signal: AbortSignal): Promise<string>;
  /** Creates a batch of chat completions over an uploaded file; `key` is sent as its Idempotency-Key and metadata. */
  create(inputFileId: string, key: string, signal: AbortSignal): Promise<ProviderBatch>;
  /** The batch created under `key` before (a worker died before storing its id), if the provider lists it. */
  findByKey(key: string, signal: AbortSignal): Promise<ProviderBatch | undefined>;
  retrieve(id: string, signal: AbortSignal): Promise<ProviderBatch>;
  cancel(id: string, signal: AbortSignal): Promise<ProviderBatch>;
  /** A file's text (the output and error files of a batch). */
  content(fileId: string, signal: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/** The metadata key a batch carries Courseforge's own id under. */
export const batchKeyMetadata = "courseforge_batch";

/**
 * The Batch API of an OpenAI-compatible endpoint, through the official `openai` SDK (its own
 * retries off: the coordinator polls again on the next round). Errors are mapped to typed `LlmError`s.
 */
export function createOpenAiBatchApi(options: OpenAiEndpointOptions & { readonly name?: string }): BatchApi {
  const provider = options.name ?? "openai";
  const { client, redact, close } = openOpenAiEndpoint(options);
  const mapped = async <T>(operation: () => Promise<T>, signal: AbortSignal): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw mapOpenAiError(error, {
        provider,
        model: "batch",
        signal,
        timeoutMs: options.timeoutMs,
        nowMs: Date.now(),
        redact,
      });
    }
  };
  return {
    provider,
    upload: (filename, jsonl, signal) =>
      mapped(async () => {
        const file = await client.files.create(
          { file: await toFile(Buffer.from(jsonl), filename), purpose: "batch" },
          { signal },
        );
        return file.id;
      }, signal),
    create: (inputFileId, key, signal) =>
      mapped(
        async () =>
          toProviderBatch(
            await client.batches.create(
              {
                input_file_id: inputFileId,
                endpoint: "/v1/chat/completions",
                completion_window: "24h",
                metadata: { [batchKeyMetadata]: key },
              },
              { signal, headers: { "Idempotency-Key": key } },
            ),
          ),
        signal,
      ),
    findByKey: (key, signal) =>
      mapped(async () => {
        const page = await client.batches.list({ limit: 100 }, { signal });
        const found = page.data.find((batch) => batch.metadata?.[batchKeyMetadata] === key);
        return found === undefined ? undefined : toProviderBatch(found);
      }, signal),
    retrieve: (id, signal) =>
      mapped(async () => toProviderBatch(await client.batches.retrieve(id, { signal })), signal),
    cancel: (id, signal) => mapped(async () => toProviderBatch(await client.batches.cancel(id, { signal })), signal),
    content: (fileId, signal) => mapped(async () => (await client.files.content(fileId, { signal })).text(), signal),
    close,
  };
}

function toProviderBatch(batch: {
  id: string;
  status: ProviderBatch["status"];
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total: number; completed: number; failed: number } | null;
  errors?: { data?: { code?: string; message?: string; line?: number | null }[] } | null;
  metadata?: Record<string, string> | null;
}): ProviderBatch {
  const errors = batch.errors?.data
    ?.map(
      (error) => `${error.code ?? "error"}${error.line == null ? "" : ` (line ${error.line})`}: ${error.message ?? ""}`,
    )
    .join("; ");
  return {
    id: batch.id,
    status: batch.status,
    outputFileId: batch.output_file_id ?? undefined,
    errorFileId: batch.error_file_id ?? undefined,
    total: batch.request_counts?.total ?? 0,
    completed: batch.request_counts?.completed ?? 0,
    failed: batch.request_counts?.failed ?? 0,
    errors: errors === undefined || errors === "" ? undefined : errors,
    key: batch.metadata?.[batchKeyMetadata] ?? undefined,
  };
}
