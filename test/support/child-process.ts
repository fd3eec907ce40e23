import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root. */
export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The project's Node (v24, from the `node` devDependency), never the system one. */
export const projectNode = path.join(repositoryRoot, "node_modules", ".bin", "node");

/** The `file:` URL of a repository file, for `import` in a child script. */
export function repositoryModule(relativePath: string): string {
  return pathToFileURL(path.join(repositoryRoot, relativePath)).href;
}

let scriptFolder: string | undefined;

/** Writes `source` as an ES module in a temp folder and returns its path; see {@link removeScripts}. */
export async function writeScript(source: string): Promise<string> {
  scriptFolder ??= await mkdtemp(path.join(os.tmpdir(), "courseforge-child-"));
  const file = path.join(scriptFolder, `script-${randomUUID()}.mjs`);
  await writeFile(file, source);
  return file;
}

/** Deletes the scripts written so far (call from `afterAll`). */
export async function removeScripts(): Promise<void> {
  const folder = scriptFolder;
  scriptFolder = undefined;
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
}

/** A child process running a script with the project's Node, with its output collected. */
export interface RunningChild {
  readonly process: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves with the first stdout line that satisfies `predicate`. */
  waitForLine(predicate: (line: string) => boolean): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `node script ...args`. */
export function startScript(script: string, args: readonly string[] = []): RunningChild {
  const child = spawn(projectNode, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: (line: string) => void }> = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const line of stdout.split("\n")) {
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    process: child,
    stdout: () => stdout,
    waitForLine: (predicate) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exited.then((result) =>
          reject(
            new Error(
              `Child exited (${result.code ?? result.signal}) before the expected line. stderr: ${result.stderr}`,
            ),
          ),
        );
      }),
    exited,
  };
}

/** Runs a script to its end and parses the last stdout line as JSON. */
export async function runScriptForJson(script: string, args: readonly string[] = []): Promise<unknown> {
  const child = startScript(script, args);
  const result = await child.exited;
  const lines = child.stdout().trim().split("\n");
  const last = lines[lines.length - 1];
  if (last === undefined || last === "")
    throw new Error(`No output from child (exit ${result.code}). stderr: ${result.stderr}`);
  return JSON.parse(last);
}

/** The `courseforge` command's entry file, to run with {@link projectNode}. */
export const courseforgeBin = path.join(repositoryRoot, "bin", "courseforge.js");
