import cliProgress from "cli-progress";
import type { ProgressEvent } from "../generation/index.ts";
import type { CliContext } from "./io.ts";

/** Shows generation progress on stderr: a live bar on a terminal, one line per step otherwise. */
export interface ProgressView {
  onEvent(event: ProgressEvent): void;
  stop(): void;
}

function formatDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** Creates the progress view for a CLI run; a simulated run's costs are marked as such (nothing is paid). */
export function createProgressView(
  context: CliContext,
  options: { readonly simulated?: boolean; readonly now?: () => number } = {},
): ProgressView {
  const now = options.now ?? (() => Date.now());
  const costNote = options.simulated === true ? " simulated" : "";
  const started = now();
  let done = 0;
  let total = 0;
  let tokens = 0;
  let costUsd = 0;
  let current = "";
  const live = context.stderr.isTTY === true;
  const bar = live
    ? new cliProgress.SingleBar(
        {
          stream: context.stderr,
          format: "{bar} {value}/{total} steps | {tokens} tokens | ${cost} | {elapsed} | {current}",
          barsize: 24,
          hideCursor: true,
          clearOnComplete: false,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const payload = () => ({
    tokens: tokens.toLocaleString("en-US"),
    cost: `${costUsd.toFixed(4)}${costNote}`,
    elapsed: formatDuration(now() - started),
    current: current.slice(0, 40),
  });
  let timer: NodeJS.Timeout | undefined;

  return {
    onEvent(event) {
      switch (event.type) {
        case "job.started":
          total = event.stepsTotal;
          if (bar) {
            bar.start(total, 0, payload());
            timer = setInterval(() => bar.update(payload()), 500);
            timer.unref();
          }
          break;
        case "step.started":
          current = event.title;
          bar?.update(payload());
          break;
        case "step.retrying":
          if (!bar) context.stderr.write(`  retrying ${event.step} (attempt ${event.attempt} failed: ${event.code})\n`);
          break;
        case "step.finished":
          done += 1;
          tokens += event.promptTokens + event.completionTokens;
          costUsd += event.costUsd;
          if (bar) bar.update(done, payload());
          else
            context.stderr.write(
              `[${done}/${total}] ${event.step} ${event.fromCheckpoint ? "(from checkpoint)" : `${event.completionTokens} tokens out, $${event.costUsd.toFixed(4)}${costNote}`} ${formatDuration(now() - started)}\n`,
            );
          break;
        case "step.failed":
          if (!bar) context.stderr.write(`  ${event.step} failed: ${event.code}: ${event.message}\n`);
          break;
        case "batch.waiting":
          current = batchWaitingText(event);
          if (bar) bar.update(payload());
          else context.stderr.write(`  ${current}\n`);
          break;
        case "batch.fallback":
          if (!bar) context.stderr.write(`  ${event.step} runs in real time: ${event.reason}\n`);
          break;
        default:
          break;
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      bar?.stop();
    },
  };
}

/** "waiting for the batch: n of m lines done", as the CLI and the web UI say it. */
export function batchWaitingText(event: { readonly linesDone: number; readonly linesTotal: number }): string {
  return `waiting for the batch: ${event.linesDone} of ${event.linesTotal} lines done`;
}
