/**
 * `bench cli-startup`: how long `courseforge --help` and an argument error take, as ratios to a bare
 * `node -e ''` measured in the same run (interleaved, medians), and the floor every TypeScript entry
 * point pays (Node's type stripping) as the same ratio. Target: at most 3× the bare start.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { round } from "./support/stats.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const projectNode = path.join(root, "node_modules", ".bin", "node");
const bin = path.join(root, "bin", "courseforge.js");
const targetRatio = 3;

const usage = `Usage: npm run bench -- cli-startup [--json] [--runs N]

  --json     print one JSON object as the last line of stdout
  --runs N   runs of each command, interleaved (default 15, 3 to 100)
`;

const cases = {
  bare: ["-e", ""],
  typeScriptFloor: [path.join(root, "src", "cli", "io.ts")],
  help: [bin, "--help"],
  generateHelp: [bin, "generate", "--help"],
  argumentError: [bin, "generate", "Photosynthesis", "for", "kids"],
} as const;

function timeOnce(args: readonly string[], signal: AbortSignal): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(projectNode, [...args], { cwd: root, signal }, (error) => {
      // An argument error exits 2 on purpose; only a failure to start is an error here.
      if (error && typeof error.code !== "number") reject(error);
      else resolve(performance.now() - started);
    }),
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
  for (const args of Object.values(cases)) await timeOnce(args, context.signal);
  for (let pass = 0; pass < runs; pass++)
    for (const [name, args] of Object.entries(cases))
      times[name as keyof typeof cases].push(await timeOnce(args, context.signal));
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
      `${name.padEnd(16)} ${String(value.medianMs).padStart(7)} ms  ${value.ratioToBare}× bare node\n`,
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
