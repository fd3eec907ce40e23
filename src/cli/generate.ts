import path from "node:path";
import { CourseRequest, slugOf } from "../course/index.ts";
import { loadConfig } from "../config/index.ts";
import { AbortedError, CourseforgeError, InvalidInputError } from "../errors/index.ts";
import { openCourseGenerator, type CourseGenerator } from "../app/index.ts";
import { serviceHoldingFolder } from "./command-target.ts";
import { generateThroughService } from "./generate-through-service.ts";
import { formatSummary, summaryOfCourse } from "./generate-summary.ts";
import { readUploads } from "./knowledge.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { prepareOutputFolder, writeCourseFiles } from "./output.ts";
import { createProgressView } from "./progress.ts";

const flagOfField: Record<string, string> = {
  topic: "<topic>",
  audience: "--audience",
  level: "--level",
  modules: "--modules",
  lessonsPerModule: "--lessons-per-module",
  language: "--language",
  model: "--model",
  cache: "--cache",
  mode: "--mode",
};

function wholeNumberOrText(value: unknown): unknown {
  return typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/** Turns the command line into a validated course request, naming the flag that is wrong. */
export function parseRequestFlags(topic: string, flags: Record<string, unknown>): CourseRequest {
  const raw = {
    topic,
    audience: flags.audience,
    level: flags.level,
    modules: wholeNumberOrText(flags.modules),
    lessonsPerModule: wholeNumberOrText(flags.lessonsPerModule),
    language: flags.language,
    ...(typeof flags.model === "string" ? { model: flags.model } : {}),
    ...(typeof flags.cache === "string" ? { cache: flags.cache } : {}),
    ...(typeof flags.mode === "string" ? { mode: flags.mode } : {}),
  };
  const parsed = CourseRequest.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const flag = flagOfField[field] ?? field;
  // The request's messages name the JSON field and already say what was given (shortened): name the flag instead.
  const message = issue.message.startsWith(`${field} `)
    ? `${flag}${issue.message.slice(field.length)}`
    : `${flag}: ${issue.message}`;
  throw new InvalidInputError(`${message}.`, { details: { field } });
}

/** `courseforge generate`: generates one course and writes it to disk. */
export async function generateCommand(
  topic: string,
  flags: Record<string, string | string[] | boolean | undefined>,
  context: CliContext,
): Promise<number> {
  const collections = Array.isArray(flags.kb) ? flags.kb : [];
  const sourceFiles = Array.isArray(flags.source) ? flags.source : [];
  const request = parseRequestFlags(topic, flags);
  const config = loadConfig(
    context.environment,
    {
      provider: flags.provider as string | undefined,
      model: flags.model as string | undefined,
      modelPath: flags.modelPath as string | undefined,
      concurrency: flags.concurrency as string | undefined,
      maxAttempts: flags.maxAttempts as string | undefined,
      dataDir: flags.dataDir as string | undefined,
    },
    context.workingDirectory,
  );
  // The folder is checked before the first model call: a course is never paid for and then lost.
  // A topic with no letter or digit in any script (emoji only) goes to courses/<course id>/.
  const coursesFolder = path.resolve(context.workingDirectory, "courses");
  const slug = slugOf(request.topic);
  const chosenDirectory =
    typeof flags.out === "string"
      ? path.resolve(context.workingDirectory, flags.out)
      : slug === undefined
        ? undefined
        : path.join(coursesFolder, slug);
  const prepared = await prepareOutputFolder(chosenDirectory ?? coursesFolder, {
    overwrite: flags.force === true,
    refuseExisting: chosenDirectory !== undefined,
    flag: "--out",
  });
  const json = flags.json === true;

  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort(new AbortedError("Interrupted (Ctrl-C)."));
  if (!context.signal) process.once("SIGINT", onSigint);
  const signal = context.signal ? AbortSignal.any([context.signal, interrupt.signal]) : interrupt.signal;

  // Read before anything is opened: a missing file is a usage error.
  const sourceUploads =
    sourceFiles.length === 0
      ? []
      : await readUploads(sourceFiles, context.workingDirectory).catch(async (error: unknown) => {
          await prepared.discard();
          throw error;
        });
  let runtime: CourseGenerator;
  try {
    runtime = await openCourseGenerator(config, signal);
  } catch (error) {
    const locked =
      CourseforgeError.isInstance(error) && error.code === "DATABASE_LOCKED" && config.database.url === undefined;
    if (!locked) {
      await prepared.discard();
      throw error;
    }
    // A running service holds the embedded database: generate through it.
    try {
      if (collections.length + sourceUploads.length > 0)
        throw new InvalidInputError(
          "--kb and --source are not available while a service holds the embedded database: stop the service, or upload the files to it (POST /v1/knowledge/documents) and name the collection in a request.",
        );
      const service = serviceHoldingFolder(config.database.dataDir, error);
      const outDirectoryOf = (courseId: string) => chosenDirectory ?? path.join(coursesFolder, courseId);
      return await generateThroughService(request, { flags, outDirectoryOf, service, signal }, context);
    } catch (failure) {
      await prepared.discard();
      throw failure;
    } finally {
      process.removeListener("SIGINT", onSigint);
    }
  }
  if (runtime.simulated) {
    context.stderr.write(
      "Using the built-in simulator (no OPENAI_API_KEY and no --provider): the content will be SIMULATED filler text,\n" +
        "useful to try Courseforge out, not to teach. Set OPENAI_API_KEY (or use --provider local) for real content.\n",
    );
  }
  const progress = createProgressView(context, { simulated: runtime.simulated });
  try {
    const result = await runtime.generate(request, {
      signal,
      onProgress: (event) => progress.onEvent(event),
      ...(collections.length + sourceUploads.length === 0 ? {} : { sources: { collections, files: sourceUploads } }),
    });
    progress.stop();
    const outDirectory = chosenDirectory ?? path.join(coursesFolder, result.course.id);
    const files = await writeCourseFiles(outDirectory, result.course);
    const summary = summaryOfCourse(result.course, {
      jobId: result.jobId,
      outDir: outDirectory,
      durationMs: result.durationMs,
    });
    context.stdout.write(json ? `${JSON.stringify(summary)}\n` : formatSummary(result.course, summary, files));
    return exitCodes.success;
  } catch (error) {
    progress.stop();
    await prepared.discard();
    if (error instanceof AbortedError || signal.aborted) {
      context.stderr.write("Interrupted: the job was stopped; finished steps are saved.\n");
      return exitCodes.interrupted;
    }
    if (CourseforgeError.isInstance(error)) {
      context.stderr.write(`error: course generation failed: ${error.message}\n`);
      if (error.suggestion) context.stderr.write(`${error.suggestion}\n`);
      if (json) context.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
      return exitCodes.failure;
    }
    throw error;
  } finally {
    process.removeListener("SIGINT", onSigint);
    await runtime.close();
  }
}
