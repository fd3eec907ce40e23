import { Command, CommanderError, Option } from "commander";
import { workerConcurrencyRange } from "../config/worker-concurrency.ts";
import packageJson from "../../package.json" with { type: "json" };
import { CourseforgeError } from "../errors/index.ts";
import type { ExportFormat } from "../export/index.ts";
import { registerDoctorCommand } from "./doctor-command.ts";
import type { ExportOptions } from "./export.ts";
import type { RegenerateOptions } from "./regenerate.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { registerKnowledgeCommand } from "./knowledge-command.ts";
import { registerLimitsCommand } from "./limits-command.ts";
import type { ServiceFlags } from "./serve.ts";
import { registerUsersCommand } from "./users-command.ts";

// Every action imports its implementation when it runs: `--help`, `--version` and argument errors
// then answer without loading the database, the model clients or the HTTP server.

// The export formats, listed here so that `--help` does not load the exporters (program.test.ts
// checks the list against the exporters' own).
const exportFormatChoices = ["json", "markdown", "html", "scorm12", "cc"] as const satisfies readonly ExportFormat[];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds the `courseforge` command tree; each action resolves to an exit code. */
function buildProgram(context: CliContext, setExitCode: (code: number) => void): Command {
  const program = new Command("courseforge")
    .description("Generate complete, validated courses with large language models.")
    .version(packageJson.version, "-V, --version", "print the version of Courseforge")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    });

  program
    .command("generate")
    .description("Generate a course and write course.json and course.md")
    .argument("<topic>", 'what the course is about: 3-200 characters, quoted when it has spaces ("Cell biology")')
    .option("--audience <text>", "who the course is for", "general learners")
    .addOption(
      new Option("--level <level>", "difficulty").choices(["beginner", "intermediate", "advanced"]).default("beginner"),
    )
    .option("--modules <n>", "number of modules (1-12)", "2")
    .option("--lessons-per-module <n>", "lessons in each module (1-10)", "3")
    .option("--language <code>", "language of the content, e.g. en, fr, pt-BR", "en")
    .addOption(
      new Option(
        "--provider <name>",
        "model provider (default: openai when OPENAI_API_KEY is set, else simulator)",
      ).choices(["simulator", "openai", "local"]),
    )
    .option("--model <name>", "model for every step, e.g. gpt-4.1-mini")
    .option("--cache <mode>", "answer cache: use (default), refresh (pay again, replace) or off")
    .addOption(
      new Option(
        "--mode <mode>",
        "economy: lessons and quizzes through the Batch API at half price (slower; default realtime)",
      ).choices(["realtime", "economy"]),
    )
    .option("--model-path <file>", "GGUF model file for --provider local")
    .option("--out <dir>", "output folder (default: ./courses/<slug>/)")
    .option("--force", "replace course.json and course.md in an output folder that is not empty")
    .option("--concurrency <n>", "model calls at once (1-64)")
    .option("--max-attempts <n>", "attempts per step (1-10)")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--kb <collection>", "ground the course on a knowledge-base collection (repeatable)", collect, [])
    .option("--source <file...>", "ground the course on these files directly (PDF, DOCX, HTML, Markdown, text)")
    .option("--json", "print one JSON summary object as the last line of stdout")
    .action(async (topic: string, options: Record<string, string | boolean | undefined>) => {
      setExitCode(await (await import("./generate.ts")).generateCommand(topic, options, context));
    });

  program
    .command("export")
    .description("Write a stored course as json, markdown, html, scorm12 or cc (no model call)")
    .argument("<course-id>", "the id of a stored course, e.g. crs_3f9c0d2b8e1a47c6b5d4")
    .addOption(new Option("--format <format>", "export format").choices([...exportFormatChoices]).default("json"))
    .option("--out <file>", "output file, - for stdout (default: <title>-<course id>.<extension> here)")
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print one JSON object naming the written file")
    .action(async (courseId: string, options: ExportOptions) => {
      setExitCode(await (await import("./export.ts")).exportCommand(courseId, options, context));
    });

  program
    .command("regenerate")
    .description("Rewrite one part of a stored course with an instruction, as a new revision")
    .argument("<course-id>", "the id of a stored course, e.g. crs_3f9c0d2b8e1a47c6b5d4")
    .option("--lesson <id>", "a lesson and its quiz, e.g. m1-l2")
    .option("--section <id>", "one section, e.g. m1-l2-s3")
    .option("--quiz <id>", "the quiz of a lesson, e.g. m1-l2")
    .option("--question <id>", "one quiz question, e.g. m1-l2-q3")
    .option("--outline", "the outline's wording: titles, description, summaries")
    .requiredOption("--instruction <text>", 'what to change, e.g. "simpler language" (1-2000 characters)')
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print one JSON object: course, job, revision, changed parts")
    .action(async (courseId: string, options: RegenerateOptions) => {
      setExitCode(await (await import("./regenerate.ts")).regenerateCommand(courseId, options, context));
    });

  program
    .command("validate")
    .description("Check a course file against the course format v1")
    .argument("<file>", "path to a course.json")
    .option("--json", "print the result as JSON")
    .action(async (file: string, options: { json?: boolean }) => {
      setExitCode(await (await import("./validate.ts")).validateCommand(file, options, context));
    });

  program
    .command("simulator")
    .description("Run the OpenAI-compatible simulator server")
    .option("--port <n>", "port to listen on", "4010")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--seed <n>", "seed for deterministic answers", "42")
    .option("--time-scale <x>", "latency multiplier: 1 = realistic, 0 = instant", "1")
    .option("--fault-rate <p>", "share of requests that get a fault (0-1)", "0")
    .option("--faults <kinds>", "comma-separated fault kinds to inject")
    .action(async (options: Record<string, string | undefined>) => {
      setExitCode(await (await import("./simulator.ts")).simulatorCommand(options, context));
    });

  const service = (name: "start" | "serve" | "worker", description: string, mode: "all" | "api" | "worker") => {
    const command = program.command(name).description(description);
    if (mode !== "worker")
      command
        .option("--port <n>", "port to listen on (default: PORT, else 3000)")
        .option("--host <host>", "address to listen on (default: HOST, else 127.0.0.1)");
    if (mode !== "api")
      command.option(
        "--jobs <n>",
        `jobs at once in this process (${workerConcurrencyRange.minimum}-${workerConcurrencyRange.maximum}; default: COURSEFORGE_WORKER_CONCURRENCY, else ${workerConcurrencyRange.default})`,
      );
    command
      .addOption(new Option("--provider <name>", "model provider").choices(["simulator", "openai", "local"]))
      .option("--model <name>", "model for every step")
      .option("--model-path <file>", "GGUF model file for --provider local")
      .option("--concurrency <n>", "model calls at once per job (1-64)")
      .option("--max-attempts <n>", "attempts per step (1-10)")
      .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
      .action(async (options: ServiceFlags) => {
        setExitCode(await (await import("./serve.ts")).serviceCommand(mode, options, context));
      });
  };
  service("start", "Run the API and the workers in one process (what `npm start` runs)", "all");
  service("serve", "Run the API only (workers run elsewhere on the same Postgres)", "api");
  service("worker", "Run course generation workers only (on the same Postgres as the API)", "worker");

  registerUsersCommand(program, context, setExitCode);
  registerLimitsCommand(program, context, setExitCode);
  registerKnowledgeCommand(program, context, setExitCode);
  registerDoctorCommand(program, context, setExitCode);

  program
    .command("tick")
    .description("Fire the serverless worker's tick route (/v1/worker/tick) once, or --every interval")
    .requiredOption("--url <url>", "the deployment's base URL, e.g. https://courses.example.com/api")
    .option("--secret <secret>", "the cron secret (default: COURSEFORGE_CRON_SECRET)")
    .option("--every <duration>", "fire a tick every interval until Ctrl-C, e.g. 60s")
    .option("--budget <duration>", "each tick's time budget, e.g. 50s (default: the deployment's)")
    .action(async (options: { url: string; secret?: string; every?: string; budget?: string }) => {
      setExitCode(await (await import("./tick.ts")).tickCommand(options, context));
    });

  program
    .command("smoke")
    .description("Check a deployment end to end: create a small course, follow it, download and validate it")
    .requiredOption("--url <url>", "the deployment's base URL, e.g. http://127.0.0.1:3000")
    .requiredOption("--token <token>", "an API token of the deployment")
    .option("--timeout <seconds>", "give up after this long", "600")
    .action(async (options: { url: string; token: string; timeout: string }) => {
      setExitCode(await (await import("./smoke.ts")).smokeCommand(options, context));
    });

  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the process exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let exitCode: number = exitCodes.success;
  const program = buildProgram(context, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      if (error.exitCode === 0) return exitCodes.success;
      if (error.code === "commander.excessArguments" && argv[0] === "generate") {
        const firstOption = argv.findIndex((argument, index) => index > 0 && argument.startsWith("-"));
        const words = argv.slice(1, firstOption === -1 ? undefined : firstOption);
        context.stderr.write(
          `A topic of several words must be quoted, e.g.: courseforge generate ${JSON.stringify(words.join(" "))}\n`,
        );
      }
      return exitCodes.usage;
    }
    if (CourseforgeError.isInstance(error)) {
      context.stderr.write(`error: ${error.message}\n`);
      if (error.suggestion) context.stderr.write(`${error.suggestion}\n`);
      return error.code === "CONFIG_INVALID" || error.code === "INVALID_INPUT" ? exitCodes.usage : exitCodes.failure;
    }
    context.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failure;
  }
}
