import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { Config } from "../config/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import type { KnowledgeService, KnowledgeViewer, Upload } from "../knowledge/index.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { withDatabase } from "./users.ts";
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
  return withDatabase(options, context, async (database) => {
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

/** `courseforge kb add|list|search|rm`: the knowledge base of the embedded (or `DATABASE_URL`) database. */
export function registerKnowledgeCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  const kb = program.command("kb").description("Manage the knowledge base: documents courses are grounded on");
  const print = (line: string) => void context.stdout.write(`${line}\n`);

  kb.command("add")
    .description("Add documents (PDF, DOCX, HTML, Markdown, text) to a collection and ingest them")
    .argument("<files...>", "files to add")
    .option("--collection <name>", "collection to add them to", "default")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print the documents as JSON")
    .action(async (files: string[], options: { collection: string; dataDir?: string; json?: boolean }) => {
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
      setExitCode(
        stored.documents.some((entry) => entry.document.status === "failed") ? exitCodes.failure : exitCodes.success,
      );
    });

  kb.command("list")
    .description("List documents, newest first")
    .option("--collection <name>", "only this collection")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print JSON")
    .action(async (options: { collection?: string; dataDir?: string; json?: boolean }) => {
      const documents = await withKnowledge(options, context, (knowledge, owner) =>
        knowledge.listDocuments(
          owner,
          options.collection === undefined ? undefined : [options.collection],
          context.signal,
        ),
      );
      if (options.json) print(JSON.stringify(documents));
      else
        for (const document of documents)
          print(`${document.id}  ${document.status}  ${document.title}  ${document.chunkCount} chunks`);
      setExitCode(exitCodes.success);
    });

  kb.command("search")
    .description("Show the excerpts retrieval finds for a query")
    .argument("<query>", "what to look for")
    .option("--collection <name>", "collection to search", "default")
    .option("--limit <n>", "at most this many excerpts", "5")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print JSON")
    .action(async (query: string, options: { collection: string; limit: string; dataDir?: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50)
        throw new InvalidInputError(
          `--limit must be a whole number from 1 to 50 (got ${JSON.stringify(options.limit)}).`,
        );
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
      setExitCode(exitCodes.success);
    });

  kb.command("rm")
    .description("Delete documents and their chunks")
    .argument("<ids...>", "document ids (doc_…)")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .action(async (ids: string[], options: { dataDir?: string }) => {
      await withKnowledge(options, context, async (knowledge, owner) => {
        for (const id of ids) await knowledge.deleteDocument(owner, id, context.signal);
      });
      for (const id of ids) print(`deleted ${id}`);
      setExitCode(exitCodes.success);
    });
}
