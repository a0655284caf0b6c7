/**
 * The simulated clock is a float64 count of nanoseconds. Past some point, adding a quantum to it
 * no longer changes it (the quantum is below half the clock's resolution there) and a run could
 * not move on. The per-field caps (workloads/limits.ts) keep each step sane; this check bounds
 * what a whole run could reach, from the scenario's own operations and costs, and refuses the
 * scenario when that bound is past the point where its quantum stops counting.
 *
 * The bound is deliberately generous (every reference faults, every fault writes a page back and
 * reads one in, every disk request seeks across the whole disk): it only trips on costs no real
 * study needs. Prefetches that an extension asks for are bounded by the kernel, not here.
 */
import { CLOCK_HORIZON_QUANTA, type MachineConfig } from "../kernel/config.js";
import { DATA_AREA_BLOCK } from "../kernel/machine/disk.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE } from "../kernel/workload.js";
import { MAX_IO_PAGES } from "./limits.js";

/** With the clock below quantum × 2^52, its resolution is at most one quantum: adding one moves it (the kernel's fact). */
export { CLOCK_HORIZON_QUANTA };

/** An upper bound on the simulated time (ns) any run of `config` can reach. */
export function simulatedTimeBound(config: MachineConfig): number {
  let memoryOps = 0;
  let ioOps = 0;
  let ioPages = 0;
  let computeOps = 0;
  let computeNs = 0;
  let computeQuanta = 0;
  for (const app of config.apps) {
    for (const thread of app.threads) {
      const { kinds, values, length } = thread.ops;
      for (let i = 0; i < length; i++) {
        const kind = kinds[i];
        if (kind === OP_READ || kind === OP_WRITE) memoryOps++;
        else if (kind === OP_IO) {
          ioOps++;
          ioPages += Math.max(1, Math.round(values[i]!));
        } else if (kind === OP_COMPUTE) {
          computeOps++;
          computeNs += values[i]!;
          computeQuanta += Math.ceil(values[i]! / config.quantumNs);
        }
      }
    }
  }
  const { disk, costs } = config;
  // Swap slots are handed out one per page written back (at most one per reference); an
  // application's own I/O lands in the data area after them.
  const lastBlock = Math.max(memoryOps, DATA_AREA_BLOCK + (1 << 16) + MAX_IO_PAGES);
  const tracks = Math.ceil(lastBlock / disk.pagesPerTrack) + 1;
  const request = disk.seekBaseNs + tracks * disk.seekPerTrackNs + disk.rotationNs;
  const slices = memoryOps + ioOps + computeOps + computeQuanta;
  return (
    memoryOps * (costs.accessNs + costs.faultNs + costs.zeroFillNs + 2 * (request + disk.transferNsPerPage)) +
    ioOps * request +
    ioPages * disk.transferNsPerPage +
    computeNs +
    slices * costs.switchNs
  );
}

/** Calls `fail` with the reason when a run of `config` could reach a time its quantum cannot advance. */
export function checkClockHorizon(config: MachineConfig, fail: (detail: string) => never): void {
  const bound = simulatedTimeBound(config);
  const horizon = config.quantumNs * CLOCK_HORIZON_QUANTA;
  if (bound <= horizon) return;
  fail(
    `with these costs and ${config.apps.length === 1 ? "this workload" : "these workloads"} a run could reach ${bound.toExponential(2)} ns of simulated time, ` +
      `past ${horizon.toExponential(2)} ns (quantumNs × 2^52), where a float64 clock no longer advances by one quantum; ` +
      `use smaller costs or disk times, a larger quantumNs, or fewer operations`,
  );
}
