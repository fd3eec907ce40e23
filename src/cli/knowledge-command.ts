import type { Command } from "commander";
import type { CliContext } from "./io.ts";

// Registration only: each action loads its implementation when it runs, so that `--help` and
// argument errors answer without loading the database, the knowledge base and the model clients.

/** `courseforge kb add|list|search|rm|reembed`: the knowledge base of the embedded (or `DATABASE_URL`) database. */
export function registerKnowledgeCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  const kb = program.command("kb").description("Manage the knowledge base: documents courses are grounded on");
  kb.command("add")
    .description("Add documents (PDF, DOCX, HTML, Markdown, text) to a collection and ingest them")
    .argument("<files...>", "files to add")
    .option("--collection <name>", "collection to add them to", "default")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print the documents as JSON")
    .action(async (files: string[], options: { collection: string; dataDir?: string; json?: boolean }) => {
      setExitCode(await (await import("./knowledge.ts")).kbAddCommand(files, options, context));
    });

  kb.command("list")
    .description("List documents, newest first")
    .option("--collection <name>", "only this collection")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print JSON")
    .action(async (options: { collection?: string; dataDir?: string; json?: boolean }) => {
      setExitCode(await (await import("./knowledge.ts")).kbListCommand(options, context));
    });

  kb.command("search")
    .description("Show the excerpts retrieval finds for a query")
    .argument("<query>", "what to look for")
    .option("--collection <name>", "collection to search", "default")
    .option("--limit <n>", "at most this many excerpts", "5")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print JSON")
    .action(async (query: string, options: { collection: string; limit: string; dataDir?: string; json?: boolean }) => {
      setExitCode(await (await import("./knowledge.ts")).kbSearchCommand(query, options, context));
    });

  kb.command("rm")
    .description("Delete documents and their chunks")
    .argument("<ids...>", "document ids (doc_…)")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .action(async (ids: string[], options: { dataDir?: string }) => {
      setExitCode(await (await import("./knowledge.ts")).kbRemoveCommand(ids, options, context));
    });

  kb.command("reembed")
    .description(
      "Re-embed chunks stored with another embedding model or size than the configured one (after a model change); resumable",
    )
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print the outcome as JSON (no progress lines)")
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      setExitCode(await (await import("./knowledge.ts")).kbReembedCommand(options, context));
    });
}
