/**
 * `bench quality`: detection (recall and precision of the model-free checks per kind on the
 * labelled set of bench/quality-labelled-set.ts) and the loop (courses on the simulator with the
 * `low_quality` fault: every planted defect flagged or mended, none published silently, and the
 * tokens of the gate and its mends over a clean run of the same courses).
 */
import { loadConfig } from "../src/config/index.ts";
import { CourseRequest, type Course } from "../src/course/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { checkLesson, defaultQualityThresholds, ParagraphIndex } from "../src/quality/index.ts";
import { plantedDefectFor, plantedLessonKey, startSimulator } from "../src/simulator/index.ts";
import { labelledKinds, labelledSet } from "./quality-labelled-set.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { openBenchDatabase } from "./support/database.ts";
import { round } from "./support/stats.ts";

const targets = { recall: 0.95, precision: 0.9, tokenRatio: 1.35 } as const;
const topics = [
  "Soil erosion",
  "Bread baking",
  "Bicycle repair",
  "Beekeeping",
  "Household budgets",
  "Weather fronts",
  "Map reading",
  "Composting",
  "Knot tying",
  "First aid",
  "Birdwatching",
  "Tide pools",
  "Pottery",
  "Chess openings",
  "Sourdough",
  "Rainwater harvesting",
  "Bird migration",
  "Solar panels",
  "Tea brewing",
  "Origami",
];

const usage = `Usage: npm run bench -- quality [--json] [--courses N] [--rate R] [--skip-loop]

  --json        print one JSON object as the last line of stdout
  --courses N   courses of the loop (default 20), each 2 modules × 3 lessons, run twice (clean, then gated)
  --rate R      share of lessons the simulator's low_quality fault plants a defect in (default 0.2)
  --skip-loop   the labelled set only
`;

/** Recall and precision of each check kind over the labelled set: a lesson counts as flagged by a kind when any flag of that kind is raised. */
export function measureDetection(perKind = 4) {
  const set = labelledSet(perKind);
  const perKindFigures: Record<string, { recall: number; precision: number; planted: number; flagged: number }> = {};
  let truePositives = 0;
  let flaggedTotal = 0;
  let plantedTotal = 0;
  const raised = set.map((item) => {
    const flags = checkLesson(
      { lesson: item.lesson, quiz: item.quiz, level: item.level, language: "en" },
      new ParagraphIndex(),
    );
    return new Set(flags.map((flag) => flag.check));
  });
  for (const kind of labelledKinds) {
    const planted = set.filter((item) => item.defect === kind).length;
    const flagged = raised.filter((kinds) => kinds.has(kind)).length;
    const hits = set.filter((item, index) => item.defect === kind && raised[index]!.has(kind)).length;
    perKindFigures[kind] = {
      recall: planted === 0 ? 1 : hits / planted,
      precision: flagged === 0 ? 1 : hits / flagged,
      planted,
      flagged,
    };
    truePositives += hits;
    flaggedTotal += flagged;
    plantedTotal += planted;
  }
  return {
    lessons: set.length,
    clean: set.filter((item) => item.defect === null).length,
    kinds: labelledKinds.length,
    perKind: perKindFigures,
    recall: truePositives / plantedTotal,
    precision: flaggedTotal === 0 ? 1 : truePositives / flaggedTotal,
  };
}

async function measureLoop(context: BenchContext, courses: number, rate: number) {
  const config = loadConfig(context.environment, { provider: "simulator" });
  const simulator = await startSimulator({ timeScale: 0.001, seed: 7, signal: context.signal });
  const bench = await openBenchDatabase("pglite", "", context.signal);
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "simulator",
    baseUrl: simulator.url,
    timeoutMs: 30_000,
  });
  const model = "gpt-4.1-mini";
  const run = (topic: string, quality: boolean) =>
    runGenerationJob(
      CourseRequest.parse({ topic, modules: 2, lessonsPerModule: 3, language: "en", audience: "adult beginners" }),
      {
        database: bench.database,
        provider,
        models: { outline: model, lesson: model, quiz: model },
        concurrency: config.generation.concurrency,
        maxAttempts: config.llm.maxAttempts,
        timeoutMs: 30_000,
        temperature: 0,
        prices: config.prices,
        simulated: true,
        signal: context.signal,
        ...(quality
          ? { quality: { mode: "mend" as const, thresholds: defaultQualityThresholds, judgeModel: model } }
          : {}),
      },
    );
  const tokensOf = (result: { promptTokens: number; completionTokens: number }) =>
    result.promptTokens + result.completionTokens;
  let cleanTokens = 0;
  let gatedTokens = 0;
  let planted = 0;
  let mended = 0;
  let flagged = 0;
  let silent = 0;
  let cleanLessonsFlagged = 0;
  const started = performance.now();
  try {
    for (let index = 0; index < courses; index++) {
      const topic = topics[index % topics.length]! + (index >= topics.length ? ` ${index}` : "");
      simulator.setFaults({ rate: 0, kinds: [] });
      cleanTokens += tokensOf(await run(topic, false));
      simulator.setFaults({ rate, kinds: ["low_quality"] });
      const gated = await run(topic, true);
      gatedTokens += tokensOf(gated);
      const course: Course = gated.course;
      for (const entry of course.quality?.lessons ?? []) {
        const defect = plantedDefectFor(plantedLessonKey(course, entry.lessonId), rate);
        if (defect === undefined) {
          if (entry.status !== "passed") {
            cleanLessonsFlagged++;
            context.stderr.write(
              `loop: ${topic} ${entry.lessonId} (nothing planted) ${entry.status}: ${entry.flags.map((flag) => flag.check).join(", ") || `judge ${entry.score ?? "gave no scores"}`}\n`,
            );
          }
          continue;
        }
        planted++;
        if (entry.status === "mended") mended++;
        else if (entry.status === "flagged") flagged++;
        else silent++;
      }
      context.stderr.write(`loop: course ${index + 1}/${courses} (${topic})\n`);
    }
  } finally {
    await bench.cleanup();
    await simulator.close();
  }
  return {
    courses,
    lessons: courses * 6,
    rate,
    planted,
    mended,
    flagged,
    publishedSilently: silent,
    cleanLessonsNotPassed: cleanLessonsFlagged,
    cleanTokens,
    gatedTokens,
    tokenRatio: gatedTokens / cleanTokens,
    seconds: (performance.now() - started) / 1000,
  };
}

export const qualityCommand: BenchCommand = {
  summary: "quality checks' recall/precision on a labelled set; the gate and mend loop on the simulator",
  usage,
  async run(context) {
    const flags = parseFlags(context.args, { json: "switch", courses: "value", rate: "value", "skip-loop": "switch" });
    const courses = flags.number("courses", 20, { min: 1, max: 200 });
    const rate = flags.number("rate", 0.2, { min: 0, max: 1 });
    const detection = measureDetection();
    context.stderr.write(
      `detection: ${detection.lessons} lessons (${detection.clean} clean, ${detection.kinds} kinds): recall ${round(detection.recall, 3)}, precision ${round(detection.precision, 3)}\n`,
    );
    for (const [kind, figures] of Object.entries(detection.perKind))
      context.stderr.write(
        `  ${kind.padEnd(28)} recall ${round(figures.recall, 3)}  precision ${round(figures.precision, 3)}\n`,
      );
    const loop = flags.has("skip-loop") ? undefined : await measureLoop(context, courses, rate);
    if (loop !== undefined)
      context.stderr.write(
        `loop: ${loop.courses} courses, ${loop.planted} planted defects: ${loop.mended} mended, ${loop.flagged} flagged, ${loop.publishedSilently} published silently; tokens ${round(loop.tokenRatio, 3)}× the clean run (${loop.gatedTokens} / ${loop.cleanTokens}) in ${round(loop.seconds, 1)} s\n`,
      );
    if (flags.has("json")) {
      context.stdout.write(
        `${JSON.stringify({
          overall: { recall: round(detection.recall, 3), precision: round(detection.precision, 3) },
          targets,
          detection: {
            lessons: detection.lessons,
            clean: detection.clean,
            kinds: detection.kinds,
            perKind: Object.fromEntries(
              Object.entries(detection.perKind).map(([kind, figures]) => [
                kind,
                {
                  recall: round(figures.recall, 3),
                  precision: round(figures.precision, 3),
                  planted: figures.planted,
                  flagged: figures.flagged,
                },
              ]),
            ),
          },
          ...(loop === undefined
            ? {}
            : { loop: { ...loop, tokenRatio: round(loop.tokenRatio, 3), seconds: round(loop.seconds, 1) } }),
        })}\n`,
      );
    }
    return 0;
  },
};
