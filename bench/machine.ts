/** The machine a benchmark ran on, as every report states it: CPU, cores, Node, and its load. */
import os from "node:os";

export interface MachineInfo {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  /**
   * The load average (1, 5 and 15 minutes) when the measurement started and when it ended: on a
   * shared machine, what a reader needs to judge the figures (0 where the OS has none: Windows).
   */
  loadStart: readonly number[];
  loadEnd: readonly number[];
}

/** The machine now; `loadEnd` is the load now too until `finished` is called at the end. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const load = os.loadavg();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    loadStart: load,
    loadEnd: load,
  };
}

/** The same machine with the load at the end of the measurement. */
export function finished(m: MachineInfo): MachineInfo {
  return { ...m, loadEnd: os.loadavg() };
}

/** Two lines: `machine: 2 cores, AMD EPYC, Node v20.20.2` and `load average (1 min): 3.1 at start, 4.0 at end`. */
export function machineLine(m: MachineInfo): string {
  const load = (l: readonly number[]) => (l[0] ?? 0).toFixed(1);
  const line = `machine: ${m.cpus} cores, ${m.cpuModel}, Node ${m.node}`;
  // A long CPU name (`Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz`) goes on a line of its own,
  // so that the header stays within 80 columns.
  const machine = line.length <= 80 ? line : `machine: ${m.cpus} cores, Node ${m.node}\ncpu: ${m.cpuModel}`;
  return `${machine}\nload average (1 min): ${load(m.loadStart)} at start, ${load(m.loadEnd)} at end`;
}
