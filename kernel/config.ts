/**
 * A machine configuration: everything a run depends on besides the seed. Scenario files and trace
 * files are turned into one of these (workloads/scenario.ts); the kernel takes nothing else.
 */
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, type OpStream } from "./workload.js";

export interface DiskParams {
  /** Seek time between adjacent tracks (ns); a seek of d tracks costs seekBaseNs + d * seekPerTrackNs. */
  readonly seekBaseNs: number;
  readonly seekPerTrackNs: number;
  /** One full rotation (ns); each request waits a seeded-random fraction of it. */
  readonly rotationNs: number;
  /** Transfer time of one 4 KiB page (ns). */
  readonly transferNsPerPage: number;
  /** Pages per track (swap slots are laid out in order along tracks). */
  readonly pagesPerTrack: number;
}

export interface CostParams {
  /** CPU time of one memory reference that hits (ns). */
  readonly accessNs: number;
  /** Kernel time to handle a page fault, besides any disk time (ns). */
  readonly faultNs: number;
  /** Time to zero-fill a fresh page (ns). */
  readonly zeroFillNs: number;
  /** Time charged for a context switch between strands (ns). */
  readonly switchNs: number;
}

export interface RegionSpec {
  readonly startVpn: number;
  readonly pages: number;
  readonly writable: boolean;
}

export interface ThreadSpec {
  readonly name: string;
  /** 0..31, used by the priority thread scheduler. */
  readonly priority: number;
  readonly ops: OpStream;
}

export interface PolicyChoice {
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface AppSpec {
  readonly name: string;
  /** The strand's priority in the global scheduler. */
  readonly priority: "high" | "low";
  readonly pager: PolicyChoice;
  readonly scheduler: PolicyChoice;
  readonly regions: readonly RegionSpec[];
  readonly threads: readonly ThreadSpec[];
}

export interface MachineConfig {
  readonly name: string;
  readonly seed: number;
  readonly frames: number;
  readonly quantumNs: number;
  readonly disk: DiskParams;
  readonly costs: CostParams;
  readonly apps: readonly AppSpec[];
}

/** A disk in the manner of a late-1990s drive; figures documented in docs/MACHINE.md. */
export const DEFAULT_DISK: DiskParams = {
  seekBaseNs: 1_000_000,
  seekPerTrackNs: 2_000,
  rotationNs: 8_333_333,
  transferNsPerPage: 100_000,
  pagesPerTrack: 64,
};

export const DEFAULT_COSTS: CostParams = {
  accessNs: 10,
  faultNs: 2_000,
  zeroFillNs: 1_000,
  switchNs: 5_000,
};

export const DEFAULT_QUANTUM_NS = 10_000_000;

// ---- what the kernel accepts ------------------------------------------------------------
//
// The kernel's guarantees (docs/MACHINE.md, "Progress") hold for every configuration inside
// these limits, whatever handlers answer. Scenario and trace readers (workloads/) validate their
// fields with locations first; `checkMachineConfig` is the kernel's own assertion, run by every
// Kernel, so that no configuration from anywhere (tests, benches, a future reader) escapes them.

/** Largest physical memory: 2^24 frames of 4 KiB (64 GiB), as scenarios allow. */
export const MAX_FRAMES = 1 << 24;
/**
 * The unit of simulated time is the nanosecond: a quantum shorter than 1 ns cannot be counted
 * (and `now + quantumNs` must exceed `now` for a slice to have any length).
 */
export const MIN_QUANTUM_NS = 1;
/** Longest single duration (a cost, a disk parameter, a quantum, one compute op): 10^15 ns, 11.6 days. */
export const MAX_DURATION_NS = 1e15;
/**
 * Simulated time counts whole nanoseconds exactly up to 2^53 ns (104 days); past it a float64
 * cannot add 1 ns. A run that gets there stops with SimulationLimitError.
 */
export const MAX_SIMULATED_NS = 2 ** 53;
/**
 * A compute op runs in slices of one quantum: Σ ceil(computeNs / quantumNs) over every compute op
 * of a run is the number of preemptions compute alone can cause (each is host work: a checkpoint,
 * a resume). At most 2^24 (a few seconds of host time).
 */
export const MAX_COMPUTE_SLICES = 1 << 24;
/** Largest application I/O request (OP_IO), in pages: 16 MiB. */
export const MAX_IO_PAGES = 4096;
/** Largest virtual byte address a reference may name. */
export const MAX_ADDRESS = Number.MAX_SAFE_INTEGER;

export interface ConfigProblem {
  /** Where in the configuration: `quantumNs`, `costs.accessNs`, `apps[0].threads[1].ops[7]`. */
  readonly path: string;
  readonly message: string;
}

/** A configuration outside the kernel's limits; `problems` says where and what. */
export class MachineConfigError extends Error {
  override readonly name = "MachineConfigError";
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `the machine configuration is outside the kernel's limits: ${problems
        .slice(0, 5)
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ")}${problems.length > 5 ? `; … (${problems.length - 5} more)` : ""}`,
    );
  }
}

/** A run that reached a limit of the simulator itself (the simulated clock's range). */
export class SimulationLimitError extends Error {
  override readonly name = "SimulationLimitError";
}

function checkDuration(out: ConfigProblem[], path: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min || value > MAX_DURATION_NS) {
    out.push({ path, message: `expected a number of ns in [${min}, ${MAX_DURATION_NS}], got ${value}` });
  }
}

/**
 * Every problem that keeps `config` outside the kernel's limits (empty when it is fine), and the
 * number of compute slices it implies. O(ops): one pass over each thread's op kinds and values.
 */
export function checkMachineConfig(config: MachineConfig): { problems: ConfigProblem[]; computeSlices: number } {
  const out: ConfigProblem[] = [];
  if (!Number.isInteger(config.frames) || config.frames < 1 || config.frames > MAX_FRAMES) {
    out.push({ path: "frames", message: `expected an integer in [1, ${MAX_FRAMES}], got ${config.frames}` });
  }
  checkDuration(out, "quantumNs", config.quantumNs, MIN_QUANTUM_NS);
  for (const key of ["accessNs", "faultNs", "zeroFillNs", "switchNs"] as const) checkDuration(out, `costs.${key}`, config.costs[key]);
  for (const key of ["seekBaseNs", "seekPerTrackNs", "rotationNs", "transferNsPerPage"] as const) checkDuration(out, `disk.${key}`, config.disk[key]);
  const ppt = config.disk.pagesPerTrack;
  if (!Number.isInteger(ppt) || ppt < 1 || ppt > MAX_FRAMES) out.push({ path: "disk.pagesPerTrack", message: `expected an integer in [1, ${MAX_FRAMES}], got ${ppt}` });
  if (config.apps.length === 0) out.push({ path: "apps", message: "expected at least one application" });
  const quantum = config.quantumNs >= MIN_QUANTUM_NS && Number.isFinite(config.quantumNs) ? config.quantumNs : MIN_QUANTUM_NS;
  let computeSlices = 0;
  config.apps.forEach((app, a) => {
    app.threads.forEach((thread, t) => {
      const { kinds, values, length } = thread.ops;
      for (let i = 0; i < length; i++) {
        const kind = kinds[i]!;
        const value = values[i]!;
        let bad: string | undefined;
        if (kind === OP_READ || kind === OP_WRITE) {
          if (!(value >= 0 && value <= MAX_ADDRESS)) bad = `a reference to address ${value}; expected [0, 2^53)`;
        } else if (kind === OP_COMPUTE) {
          if (!(value >= 0 && value <= MAX_DURATION_NS)) bad = `a compute op of ${value} ns; expected [0, ${MAX_DURATION_NS}]`;
          else computeSlices += Math.ceil(value / quantum);
        } else if (kind === OP_IO) {
          if (!(value >= 0 && value <= MAX_IO_PAGES)) bad = `an I/O of ${value} pages; expected [0, ${MAX_IO_PAGES}]`;
        } else bad = `unknown op kind ${kind}`;
        if (bad !== undefined) {
          out.push({ path: `apps[${a}].threads[${t}].ops[${i}]`, message: bad });
          return;
        }
      }
    });
  });
  if (computeSlices > MAX_COMPUTE_SLICES) {
    out.push({
      path: "quantumNs",
      message: `the compute ops need ${computeSlices} quanta of ${config.quantumNs} ns; the limit is ${MAX_COMPUTE_SLICES} (a longer quantum, or less compute time)`,
    });
  }
  return { problems: out, computeSlices };
}
