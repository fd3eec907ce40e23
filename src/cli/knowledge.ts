import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import type { KnowledgeService, KnowledgeViewer, Upload } from "../knowledge/index.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { withCommandTarget } from "./command-target.ts";
import { loadConfig } from "../config/index.ts";
import { localOwner, openKnowledgeRuntime } from "../app/index.ts";

/** Reads files given on the command line as uploads (a missing file names itself). */
export async function readUploads(files: readonly string[], workingDirectory: string): Promise<Upload[]> {
  return Promise.all(
    files.map(async (file) => {
      const absolute = path.resolve(workingDirectory, file);
      try {
        return { fileName: path.basename(absolute), content: new Uint8Array(await readFile(absolute)) };
      } catch (error) {
        throw new InvalidInputError(`Cannot read ${file}: ${(error as Error).message}.`, { details: { file } });
      }
    }),
  );
}

async function withKnowledge<T>(
  options: { dataDir?: string },
  context: CliContext,
  work: (knowledge: KnowledgeService, owner: KnowledgeViewer, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(
    context.environment,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
    context.workingDirectory,
  );
  return withCommandTarget(options, context, async (target) => {
    if (target.kind === "service")
      throw new InvalidInputError(
        `The knowledge base of ${config.database.dataDir} cannot be reached while a running service holds it: use the service's API (POST /v1/knowledge/documents, GET /v1/knowledge/search), or stop the service first.`,
      );
    const { database } = target;
    const runtime = await openKnowledgeRuntime({
      config,
      database,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    try {
      return await work(runtime.knowledge, await localOwner(database, context.signal), config);
    } finally {
      await runtime.close();
    }
  });
}

/** `courseforge kb add`; resolves to the exit code. */
export async function kbAddCommand(
  files: string[],
  options: { collection: string; dataDir?: string; json?: boolean },
  context: CliContext,
): Promise<number> {
  const print = (line: string) => void context.stdout.write(`${line}\n`);
  const uploads = await readUploads(files, context.workingDirectory);
  const stored = await withKnowledge(options, context, (knowledge, owner) =>
    knowledge.upload(owner, options.collection, uploads, context.signal),
  );
  if (options.json)
    print(JSON.stringify(stored.documents.map((entry) => ({ ...entry.document, duplicate: !entry.created }))));
  else
    for (const { document, created } of stored.documents)
      print(
        `${document.id}  ${document.status}${created ? "" : " (already there)"}  ${document.title}  ${document.chunkCount} chunks${document.failureReason ? `  ${document.failureReason}` : ""}`,
      );
  return stored.documents.some((entry) => entry.document.status === "failed") ? exitCodes.failure : exitCodes.success;
}

/** `courseforge kb list`; resolves to the exit code. */
export async function kbListCommand(
  options: { collection?: string; dataDir?: string; json?: boolean },
  context: CliContext,
): Promise<number> {
  const print = (line: string) => void context.stdout.write(`${line}\n`);
  const documents = await withKnowledge(options, context, (knowledge, owner) =>
    knowledge.listDocuments(owner, options.collection === undefined ? undefined : [options.collection], context.signal),
  );
  if (options.json) print(JSON.stringify(documents));
  else
    for (const document of documents)
      print(`${document.id}  ${document.status}  ${document.title}  ${document.chunkCount} chunks`);
  return exitCodes.success;
}

/** `courseforge kb search`; resolves to the exit code. */
export async function kbSearchCommand(
  query: string,
  options: { collection: string; limit: string; dataDir?: string; json?: boolean },
  context: CliContext,
): Promise<number> {
  const print = (line: string) => void context.stdout.write(`${line}\n`);
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    throw new InvalidInputError(`--limit must be a whole number from 1 to 50 (got ${JSON.stringify(options.limit)}).`);
  const results = await withKnowledge(options, context, (knowledge, owner) =>
    knowledge.search(owner, {
      query,
      sources: { collections: [options.collection] },
      limit,
      ...(context.signal ? { signal: context.signal } : {}),
    }),
  );
  if (options.json) print(JSON.stringify(results));
  else if (results.length === 0) print("Nothing relevant found.");
  else
    for (const chunk of results)
      print(
        `${chunk.documentTitle}${chunk.page === null ? "" : `, page ${chunk.page}`} (${chunk.id})\n  ${chunk.text.replace(/\s+/g, " ").slice(0, 300)}`,
      );
  return exitCodes.success;
}

/** `courseforge kb rm`; resolves to the exit code. */
export async function kbRemoveCommand(
  ids: string[],
  options: { dataDir?: string },
  context: CliContext,
): Promise<number> {
  const print = (line: string) => void context.stdout.write(`${line}\n`);
  await withKnowledge(options, context, async (knowledge, owner) => {
    for (const id of ids) await knowledge.deleteDocument(owner, id, context.signal);
  });
  for (const id of ids) print(`deleted ${id}`);
  return exitCodes.success;
}

/** `courseforge kb reembed`; resolves to the exit code. */
export async function kbReembedCommand(
  options: { dataDir?: string; json?: boolean },
  context: CliContext,
): Promise<number> {
  const print = (line: string) => void context.stdout.write(`${line}\n`);
  const outcome = await withKnowledge(options, context, (knowledge, _owner, config) => {
    const model = `${config.knowledge.embeddingModel}${config.knowledge.embeddingDimensions === undefined ? "" : ` (${config.knowledge.embeddingDimensions} dimensions)`}`;
    return knowledge.reembed({
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: ({ done, total }) => {
        if (options.json !== true) context.stderr.write(`re-embedding with ${model}: ${done} of ${total} chunks\n`);
      },
    });
  });
  if (options.json) print(JSON.stringify(outcome));
  else print(`${outcome.reembedded} chunks re-embedded, ${outcome.current} already current.`);
  return exitCodes.success;
}
