/**
 * How busy the rest of the machine was during a measurement (Linux `/proc`; unknown elsewhere), so
 * that a run slowed by other work is recognised instead of trusted.
 */
import { readFile } from "node:fs/promises";

/** CPU counters at one moment, in clock ticks. */
export interface CpuSnapshot {
  readonly busyTicks: number;
  readonly totalTicks: number;
  readonly stealTicks: number;
  /** User + system ticks of each watched process. */
  readonly processTicks: number;
}

/** What the machine did between two snapshots. */
export interface MachineLoad {
  /** Cores' worth of CPU used by processes other than the watched ones (0 … core count). */
  readonly otherCores: number;
  /** Share of the time the hypervisor gave the cores to someone else (0 … 1). */
  readonly steal: number;
}

/** Reads the counters of the whole machine and of `pids`; `undefined` where `/proc` is missing. */
export async function takeCpuSnapshot(pids: readonly number[]): Promise<CpuSnapshot | undefined> {
  try {
    const [line] = (await readFile("/proc/stat", "utf8")).split("\n");
    const fields = (line ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    let processTicks = 0;
    for (const pid of pids) {
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
      const text = await readFile(`/proc/${pid}/stat`, "utf8");
      const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
      processTicks += Number(rest[11]) + Number(rest[12]);
    }
    const busyTicks = user + nice + system + irq + softirq;
    return { busyTicks, totalTicks: busyTicks + idle + iowait + steal, stealTicks: steal, processTicks };
  } catch {
    return undefined;
  }
}

/** The load of everything but the watched processes between `before` and `after`. */
export function machineLoadBetween(before: CpuSnapshot, after: CpuSnapshot, cores: number): MachineLoad {
  const total = after.totalTicks - before.totalTicks;
  if (total <= 0) return { otherCores: 0, steal: 0 };
  const other = after.busyTicks - before.busyTicks - (after.processTicks - before.processTicks);
  return { otherCores: Math.max(0, (other / total) * cores), steal: (after.stealTicks - before.stealTicks) / total };
}
