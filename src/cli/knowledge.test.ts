import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPdf } from "../../test/support/pdf.ts";
import { captureContext, createCliDatabase } from "../../test/support/cli-command.ts";
import type { TestDatabase } from "../../test/support/database.ts";
import { runCli } from "./program.ts";

// Each test runs several commands, each opening the embedded database: minutes on a loaded machine.
describe("courseforge kb and generate --kb / --source", { timeout: 180_000 }, () => {
  let testDatabase: TestDatabase;
  let folder: string;
  const runWith = async (environment: Record<string, string>, ...argv: string[]) => {
    const context = {
      ...captureContext(),
      workingDirectory: folder,
      environment: { COURSEFORGE_SIMULATOR_TIME_SCALE: "0", ...environment },
    };
    const code = await runCli([...argv, "--data-dir", testDatabase.location], context);
    return { code, stdout: context.stdout.text, stderr: context.stderr.text };
  };
  const run = (...argv: string[]) => runWith({}, ...argv);

  beforeAll(async () => {
    testDatabase = await createCliDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), "courseforge-kb-cli-"));
    await writeFile(
      path.join(folder, "volcanoes.md"),
      "# Volcanoes\n\n## Magma\n\nVolcanoes erupt when magma rises through the crust.\n\n## Lava\n\nLava flows from volcanoes and cools into basalt.\n\n## Ash\n\nVolcanic ash clouds ground aircraft.\n",
    );
    await writeFile(path.join(folder, "scan.pdf"), buildPdf([{ lines: [] }]));
  });
  afterAll(async () => {
    await testDatabase?.cleanup();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("adds, lists, searches and removes documents, saying why a file failed", async () => {
    const added = await run("kb", "add", "volcanoes.md", "scan.pdf", "--collection", "geology");
    expect(added.code).toBe(1);
    expect(added.stdout).toMatch(/doc_\w+ {2}ready {2}Volcanoes {2}\d+ chunks/);
    expect(added.stdout).toMatch(/failed .* no text layer/);
    const listed = await run("kb", "list", "--collection", "geology", "--json");
    expect((JSON.parse(listed.stdout) as { title: string }[]).map((document) => document.title).sort()).toEqual([
      "Volcanoes",
      "scan",
    ]);
    const found = await run("kb", "search", "magma rising in the crust", "--collection", "geology");
    expect(found.stdout).toContain("Volcanoes erupt when magma rises");
    const failed = (JSON.parse(listed.stdout) as { id: string; status: string }[]).find(
      (document) => document.status === "failed",
    )!;
    expect((await run("kb", "rm", failed.id)).stdout).toBe(`deleted ${failed.id}\n`);
  });

  it("generates a course grounded on a collection or on files given directly", async () => {
    const fromCollection = await run(
      "generate",
      "Volcanoes",
      "--kb",
      "geology",
      "--modules",
      "1",
      "--lessons-per-module",
      "1",
      "--out",
      "a",
      "--json",
    );
    expect(fromCollection.code, fromCollection.stderr).toBe(0);
    expect(JSON.parse(fromCollection.stdout.trim().split("\n").at(-1)!)).toMatchObject({ grounded: true });
    const fromFiles = await run(
      "generate",
      "Volcanoes",
      "--source",
      "volcanoes.md",
      "--modules",
      "1",
      "--lessons-per-module",
      "1",
      "--out",
      "b",
      "--json",
    );
    expect(JSON.parse(fromFiles.stdout.trim().split("\n").at(-1)!)).toMatchObject({ grounded: true });
    const unknown = await run("generate", "Volcanoes", "--kb", "nope", "--json");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Collection "nope" does not exist');
  });

  it("re-embeds the chunks after an embedding size change, printing progress, then has nothing to do", async () => {
    const smaller = { COURSEFORGE_EMBEDDING_DIMENSIONS: "32" };
    const first = await runWith(smaller, "kb", "reembed");
    expect(first.code, first.stderr).toBe(0);
    const [, count] = /^(\d+) chunks re-embedded, 0 already current\.$/m.exec(first.stdout) ?? [];
    expect(Number(count)).toBeGreaterThan(0);
    expect(first.stderr).toContain(
      `re-embedding with text-embedding-3-small (32 dimensions): ${count} of ${count} chunks`,
    );
    const second = await runWith(smaller, "kb", "reembed", "--json");
    expect(JSON.parse(second.stdout)).toEqual({ reembedded: 0, current: Number(count) });
    // Searching with the new size finds the re-embedded chunks by vector too.
    const found = await runWith(smaller, "kb", "search", "magma rising in the crust", "--collection", "geology");
    expect(found.stdout).toContain("Volcanoes erupt when magma rises");
  });
});
