import { InvalidInputError } from "../errors/index.ts";
import { startSimulator, type FaultKind } from "../simulator/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

function numberFlag(name: string, value: string | undefined, minimum: number, maximum: number, whole: boolean): number {
  const parsed = Number(value);
  if (
    value === undefined ||
    !Number.isFinite(parsed) ||
    parsed < minimum ||
    parsed > maximum ||
    (whole && !Number.isInteger(parsed))
  ) {
    throw new InvalidInputError(
      `--${name} must be ${whole ? "a whole number" : "a number"} from ${minimum} to ${maximum} (got ${JSON.stringify(value)}).`,
    );
  }
  return parsed;
}

/** `courseforge simulator`: serves the OpenAI-compatible simulator until interrupted. */
export async function simulatorCommand(
  flags: Record<string, string | undefined>,
  context: CliContext,
): Promise<number> {
  const simulator = await startSimulator({
    port: numberFlag("port", flags.port, 0, 65535, true),
    host: flags.host,
    seed: numberFlag("seed", flags.seed, 0, 2 ** 31 - 1, true),
    timeScale: numberFlag("time-scale", flags.timeScale, 0, 100, false),
    faults: {
      rate: numberFlag("fault-rate", flags.faultRate, 0, 1, false),
      kinds: flags.faults ? (flags.faults.split(",").map((kind) => kind.trim()) as FaultKind[]) : [],
    },
  });
  context.stdout.write(
    `Courseforge simulator listening at ${simulator.url} (OpenAI-compatible; set OPENAI_BASE_URL=${simulator.url})\n`,
  );
  const stop = context.signal ?? signalOf("SIGINT", "SIGTERM");
  await new Promise<void>((resolve) => stop.addEventListener("abort", () => resolve(), { once: true }));
  await simulator.close();
  return exitCodes.success;
}

function signalOf(...names: NodeJS.Signals[]): AbortSignal {
  const controller = new AbortController();
  for (const name of names) process.once(name, () => controller.abort());
  return controller.signal;
}
