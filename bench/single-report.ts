/** The human-readable lines of `bench single`: results, and where the time above the bound went. */
import { modelledLatencyMs, type CriticalPath, type LatencyProfile } from "./critical-path.ts";
import type { JobCall } from "./support/job-calls.ts";
import { summarize } from "./support/stats.ts";

/** What one measured course came to. */
export interface SingleMeasurement {
  readonly makespanMs: number;
  readonly path: CriticalPath;
  readonly cpu: NodeJS.CpuUsage;
  readonly calls: readonly JobCall[];
  readonly tokens: { readonly inputTokens: number; readonly outputTokens: number; readonly cachedInputTokens: number };
  /** `Date.now()` when the job was submitted (the calls' `startedAt` are wall-clock). */
  readonly submittedAt: number;
  readonly profile: LatencyProfile;
  readonly timeScale: number;
}

/** The targets the design sets for one course. */
export const singleTargets = { ratio: 1.1, cpuMsPerCall: 2 } as const;

/** Result lines, then the breakdown; with `verbose`, one line per call. */
export function describeSingle(measurement: SingleMeasurement, verbose: boolean): string[] {
  const { makespanMs, path, cpu, calls, tokens } = measurement;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const modelled = (call: JobCall) =>
    modelledLatencyMs(measurement.profile, call.completionTokens, measurement.timeScale);
  const lines = [
    `makespan: ${makespanMs.toFixed(0)} ms (runGenerationJob, submit to course stored)`,
    `critical path: ${path.totalMs.toFixed(0)} ms = outline ${path.outlineMs.toFixed(0)} + slowest chain ${path.slowestChain.lessonId} (lesson ${path.slowestChain.lessonMs.toFixed(0)} + quiz ${path.slowestChain.quizMs.toFixed(0)})`,
    `ratio: ${(makespanMs / path.totalMs).toFixed(3)} (target <= ${singleTargets.ratio})`,
    `cpu: ${cpuMs.toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)}) over ${calls.length} calls = ${(cpuMs / calls.length).toFixed(2)} ms/call (target <= ${singleTargets.cpuMsPerCall})`,
    `tokens: ${tokens.inputTokens} in (${tokens.cachedInputTokens} cached), ${tokens.outputTokens} out`,
  ];
  if (calls.length === 0) return lines;
  // Where the makespan exceeds the bound: before the first call, per call (client-measured
  // latency minus the modelled one: HTTP, parsing, queueing), and after the last call (assembly,
  // validation, storing the course).
  const overheads = summarize(calls.map((call) => call.latencyMs - modelled(call)));
  const firstStart = Math.min(...calls.map((call) => call.startedAt.getTime()));
  const lastEnd = Math.max(...calls.map((call) => call.startedAt.getTime() + call.latencyMs));
  const outlineEnd = Math.max(
    ...calls.filter((call) => call.step === "outline").map((call) => call.startedAt.getTime() + call.latencyMs),
  );
  const lessonStarts = calls
    .filter((call) => call.step.startsWith("lesson:"))
    .map((call) => call.startedAt.getTime() - outlineEnd);
  lines.push(
    `per-call latency above the modelled one: median ${overheads.median.toFixed(0)} ms, min ${overheads.min.toFixed(0)}, max ${overheads.max.toFixed(0)}`,
    `lessons started ${Math.min(...lessonStarts)}–${Math.max(...lessonStarts)} ms after the outline answer`,
    `before the first call: ${firstStart - measurement.submittedAt} ms; after the last call: ${(makespanMs - (lastEnd - measurement.submittedAt)).toFixed(0)} ms`,
  );
  if (verbose) {
    for (const call of calls) {
      lines.push(
        `  ${call.step.padEnd(14)} start +${call.startedAt.getTime() - measurement.submittedAt} ms, latency ${call.latencyMs} ms (modelled ${modelled(call).toFixed(0)}), tokens ${call.promptTokens} in / ${call.completionTokens} out, ${call.outcome}`,
      );
    }
  }
  return lines;
}

/** "MISSED target" lines, empty when both targets are met. */
export function missedTargets(ratio: number, cpuMsPerCall: number): string[] {
  return [
    ...(ratio > singleTargets.ratio ? [`MISSED target: ratio ${ratio.toFixed(3)} > ${singleTargets.ratio}`] : []),
    ...(cpuMsPerCall > singleTargets.cpuMsPerCall
      ? [`MISSED target: cpu_ms_per_call ${cpuMsPerCall.toFixed(2)} > ${singleTargets.cpuMsPerCall}`]
      : []),
  ];
}
