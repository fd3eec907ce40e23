/**
 * The simulator in a child process (`courseforge simulator`), so that its CPU (answer synthesis,
 * token counting, JSON) is not counted as the orchestration CPU of the process being measured.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A running child simulator. */
export interface SimulatorProcess {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  readonly url: string;
  readonly pid: number;
  /** Stops the child (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  close(): Promise<void>;
}

const cliPath = fileURLToPath(new URL("../../bin/courseforge.js", import.meta.url));
const listeningLine = /listening at (http:\/\/\S+\/v1)\b/;

/** Starts `courseforge simulator --port 0` with the given time scale and seed, and waits for its URL. */
export async function startSimulatorProcess(options: {
  readonly timeScale: number;
  readonly seed: number;
  readonly signal: AbortSignal;
  readonly startTimeoutMs?: number;
}): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    [cliPath, "simulator", "--port", "0", "--time-scale", String(options.timeScale), "--seed", String(options.seed)],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });

  const close = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      const fail = (message: string) =>
        reject(new Error(`${message}${stderr.trim() === "" ? "" : `\n${stderr.trim()}`}`));
      const timer = setTimeout(
        () => fail("The simulator did not print its URL in time."),
        options.startTimeoutMs ?? 30_000,
      );
      options.signal.addEventListener("abort", () => fail("Interrupted while starting the simulator."), { once: true });
      child.once("error", (error) => fail(`The simulator could not start: ${error.message}`));
      child.once("exit", (code, signal) => fail(`The simulator exited (${code ?? signal}) before printing its URL.`));
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const found = listeningLine.exec(stdout)?.[1];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    return { url, pid: child.pid!, close };
  } catch (error) {
    await close();
    throw error;
  }
}
