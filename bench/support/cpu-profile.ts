/** A V8 CPU profile of a chosen stretch of a benchmark (not its startup), for Chrome DevTools. */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/** A started profile; `stop` writes it to the file given at start. */
export interface CpuProfileRecording {
  stop(): Promise<void>;
}

/** Starts profiling this process; the `.cpuprofile` file opens in DevTools (Performance tab). */
export async function startCpuProfile(file: string, samplingIntervalMicroseconds = 200): Promise<CpuProfileRecording> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalMicroseconds });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}
