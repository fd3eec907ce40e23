/**
 * Writes the labelled set of `bench knowledge` (bench/knowledge-corpus.ts) to
 * bench/fixtures/knowledge/: the three Markdown documents and questions.json. Run it after changing
 * the generator: `node bench/write-knowledge-fixtures.ts`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { generateCorpus } from "./knowledge-corpus.ts";

const folder = new URL("fixtures/knowledge/", import.meta.url);
const corpus = generateCorpus();
await mkdir(folder, { recursive: true });
for (const document of corpus.documents) await writeFile(new URL(document.fileName, folder), document.markdown);
await writeFile(new URL("questions.json", folder), `${JSON.stringify(corpus.questions, null, 2)}\n`);
process.stdout.write(
  `Wrote ${corpus.documents.length} documents and ${corpus.questions.length} questions to ${folder.pathname}\n`,
);
