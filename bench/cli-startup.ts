/**
 * `bench cli-startup`: how long `courseforge --help` and an argument error take, as ratios to a bare
 * `node -e ''` measured in the same run (interleaved, medians), and the floor every TypeScript entry
 * point pays (Node's type stripping) as the same ratio. Target: at most 3× the bare start.
 */
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { round } from "./support/stats.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const projectNode = path.join(root, "node_modules", ".bin", "node");
const bin = path.join(root, "bin", "courseforge.js");
const targetRatio = 3;
const compileCacheDirectory = path.join(os.tmpdir(), "courseforge-bench-compile-cache");

const usage = `Usage: npm run bench -- cli-startup [--json] [--runs N]

  --json     print one JSON object as the last line of stdout
  --runs N   runs of each command, interleaved (default 15, 3 to 100)
`;

// `helpCachedFromStart`: what `--help` would take if the compile cache were on before the first
// TypeScript file (main.ts) loads, e.g. enabled in bin/courseforge.js: Node's type stripping is
// then skipped for every file, main.ts included.
const cases = {
  bare: { args: ["-e", ""] },
  typeScriptFloor: { args: [path.join(root, "src", "cli", "io.ts")] },
  help: { args: [bin, "--help"] },
  generateHelp: { args: [bin, "generate", "--help"] },
  argumentError: { args: [bin, "generate", "Photosynthesis", "for", "kids"] },
  helpCachedFromStart: { args: [bin, "--help"], environment: { NODE_COMPILE_CACHE: compileCacheDirectory } },
} as const;

function timeOnce(
  run: { readonly args: readonly string[]; readonly environment?: Readonly<Record<string, string>> },
  context: BenchContext,
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(
      projectNode,
      [...run.args],
      { cwd: root, signal: context.signal, env: { ...context.environment, ...run.environment } },
      (error) => {
        // An argument error exits 2 on purpose; only a failure to start is an error here.
        if (error && typeof error.code !== "number") reject(error);
        else resolve(performance.now() - started);
      },
    ),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function run(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, { json: "switch", runs: "value" });
  const runs = flags.number("runs", 15, { min: 3, max: 100, whole: true });
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as number[]])) as Record<
    keyof typeof cases,
    number[]
  >;
  // One unmeasured round fills Node's compile cache, as any earlier run on the machine would.
  for (const command of Object.values(cases)) await timeOnce(command, context);
  for (let pass = 0; pass < runs; pass++)
    for (const [name, command] of Object.entries(cases))
      times[name as keyof typeof cases].push(await timeOnce(command, context));
  const bare = median(times.bare);
  const result = Object.fromEntries(
    Object.entries(times).map(([name, values]) => [
      name,
      { medianMs: round(median(values), 1), ratioToBare: round(median(values) / bare, 2) },
    ]),
  );
  const missed = ["help", "generateHelp", "argumentError"].filter((name) => result[name]!.ratioToBare > targetRatio);
  for (const [name, value] of Object.entries(result))
    context.stderr.write(
      `${name.padEnd(20)} ${String(value.medianMs).padStart(7)} ms  ${value.ratioToBare}× bare node\n`,
    );
  context.stderr.write(
    missed.length === 0
      ? `within ${targetRatio}× bare node\n`
      : `over ${targetRatio}× bare node: ${missed.join(", ")}\n`,
  );
  if (flags.has("json")) context.stdout.write(`${JSON.stringify({ runs, targetRatio, results: result, missed })}\n`);
  return 0;
}

/** The `cli-startup` benchmark. */
export const cliStartupCommand: BenchCommand = {
  summary: "courseforge --help and argument errors, as ratios to a bare node start",
  usage,
  run,
};
