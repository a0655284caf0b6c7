/**
 * A machine configuration: everything a run depends on besides the seed. Scenario files and trace
 * files are turned into one of these (workloads/scenario.ts); the kernel takes nothing else.
 */
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, type OpStream } from "./workload.js";

export interface DiskParams {
  /** Settle time of any seek (ns): a seek over d ≥ 1 tracks costs seekBaseNs + d * seekPerTrackNs; none on the same track. */
  readonly seekBaseNs: number;
  /** Seek time per track crossed (ns). */
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
  /** Entering an extension's handler as a procedure in the kernel's address space (ns): SPIN's protected in-kernel call. */
  readonly inKernelCallNs: number;
  /** Entering an extension's handler in a protection domain of its own inside the kernel, arguments copied (ns): a system call. */
  readonly syscallNs: number;
  /** Entering an extension's handler in another address space, request and reply by IPC (ns): a cross-address-space call. */
  readonly ipcRoundTripNs: number;
  /** One unit of an extension's work (ns): a loop back-edge or a function entry of its own code (SFI's fuel unit). */
  readonly fuelUnitNs: number;
  /**
   * One interrupt poll of an extension's work in QuickJS (ns): 10,000 ticks of its own code and
   * the builtins it calls. An invocation is charged its fuel or its polls, whichever costs more,
   * so work in C builtins that counts no fuel is charged too (docs/MACHINE.md).
   */
  readonly pollNs: number;
}

/**
 * The cost parameters of entering an extension, one per placement's crossing (the loader names
 * one for each placement; a handler declares its own, `Handler.crossing`). Handlers that declare
 * none (the built-in policies, whose cost is in faultNs and the others) are charged nothing.
 */
export const CROSSING_COST_PARAMS = [
  "inKernelCallNs",
  "syscallNs",
  "ipcRoundTripNs",
] as const satisfies readonly (keyof CostParams)[];

export type CrossingCost = (typeof CROSSING_COST_PARAMS)[number];

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
  // SPIN's published figures (Bershad et al., SOSP 1995, table 2; DEC Alpha 3000/400, 133 MHz).
  inKernelCallNs: 130,
  syscallNs: 4_000,
  ipcRoundTripNs: 89_000,
  // A model figure, not a measurement: a unit is one iteration of a handler's loop or one call, a
  // handful of Alpha instructions (a load, a compare, an add, a branch) at 7.5 ns a cycle.
  fuelUnitNs: 50,
  // Derived from fuelUnitNs: a plain loop stopped by its budget spends 3,365 fuel units per poll
  // (examples/broken/infinite-loop.ts, typed and sfi: 336,541 units in 100 polls past the first),
  // and 3,300 units (2% less, so that such a loop is still charged by its fuel) × 50 ns.
  pollNs: 165_000,
};

/**
 * `config` with extension work free in simulated time (every crossing and the fuel unit at 0):
 * the run the same decisions give with nothing charged for making them. For comparisons of what
 * extensions decide (containment checks, an extension against the built-in policy it copies),
 * which charging would otherwise shift by the extensions' own cost.
 */
export function withFreeExtensions(config: MachineConfig): MachineConfig {
  const costs = { ...config.costs, fuelUnitNs: 0, pollNs: 0 };
  for (const key of CROSSING_COST_PARAMS) costs[key] = 0;
  return { ...config, costs };
}

/** Every cost parameter, in the order docs/MACHINE.md lists them. */
export const COST_PARAMS = Object.keys(DEFAULT_COSTS) as readonly (keyof CostParams)[];

export const DEFAULT_QUANTUM_NS = 10_000_000;

// ---- what the kernel accepts ------------------------------------------------------------
//
// The kernel's guarantees (docs/MACHINE.md, "Progress") hold for every configuration inside
// these limits, whatever handlers answer. They are the outermost ones: what a user may ask for
// (workloads/limits.ts) lies well inside them, and the scenario and trace readers check it first,
// with the field's location. `checkMachineConfig` is the kernel's own assertion, run by every
// Kernel, so that no configuration from anywhere (tests, benches, a future reader) escapes them.

export const KERNEL_LIMITS = {
  /** Physical memory: 2^24 frames of 4 KiB (64 GiB). */
  maxFrames: 1 << 24,
  /** The unit of simulated time is the nanosecond: no quantum is shorter. */
  minQuantumNs: 1,
  /** Any single duration (a cost, a disk parameter, a quantum, one compute op): 10^15 ns, 11.6 days. */
  maxDurationNs: 1e15,
  /**
   * A compute op runs in slices of one quantum: Σ ceil(computeNs / quantumNs) over every compute
   * op is the number of preemptions compute alone can cause, each host work (a checkpoint, a
   * resume). 2^25: above the 20,000,000 operations a user may ask for, slices included.
   */
  maxComputeSlices: 1 << 25,
  /** One application I/O request (OP_IO), in pages: 16 MiB. */
  maxIoPages: 4096,
  /** The largest virtual byte address a reference may name: 2^53 - 1. */
  maxAddress: Number.MAX_SAFE_INTEGER,
} as const;

/**
 * The simulated clock is a float64 count of nanoseconds; below quantumNs × 2^52 its resolution is
 * at most one quantum, so adding a quantum moves it. The scenario reader refuses a scenario that
 * could reach this point (workloads/time-bound.ts); a run that does anyway (an extension's
 * prefetches add disk time no reader can foresee) stops with SimulationLimitError.
 */
export const CLOCK_HORIZON_QUANTA = 2 ** 52;

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
  const max = KERNEL_LIMITS.maxDurationNs;
  if (!Number.isFinite(value) || value < min || value > max)
    out.push({ path, message: `expected a number of ns in [${min}, ${max}], got ${value}` });
}

/**
 * Every problem that keeps `config` outside the kernel's limits (empty when it is fine), and the
 * number of compute slices it implies. O(ops): one pass over each thread's op kinds and values.
 */
export function checkMachineConfig(config: MachineConfig): { problems: ConfigProblem[]; computeSlices: number } {
  const { maxFrames, minQuantumNs, maxDurationNs, maxComputeSlices, maxIoPages, maxAddress } = KERNEL_LIMITS;
  const out: ConfigProblem[] = [];
  if (!Number.isInteger(config.frames) || config.frames < 1 || config.frames > maxFrames) {
    out.push({ path: "frames", message: `expected an integer in [1, ${maxFrames}], got ${config.frames}` });
  }
  checkDuration(out, "quantumNs", config.quantumNs, minQuantumNs);
  for (const key of COST_PARAMS) checkDuration(out, `costs.${key}`, config.costs[key]);
  for (const key of ["seekBaseNs", "seekPerTrackNs", "rotationNs", "transferNsPerPage"] as const)
    checkDuration(out, `disk.${key}`, config.disk[key]);
  const ppt = config.disk.pagesPerTrack;
  if (!Number.isInteger(ppt) || ppt < 1 || ppt > maxFrames)
    out.push({ path: "disk.pagesPerTrack", message: `expected an integer in [1, ${maxFrames}], got ${ppt}` });
  if (config.apps.length === 0) out.push({ path: "apps", message: "expected at least one application" });
  const quantum =
    config.quantumNs >= minQuantumNs && Number.isFinite(config.quantumNs) ? config.quantumNs : minQuantumNs;
  let computeSlices = 0;
  config.apps.forEach((app, a) => {
    app.threads.forEach((thread, t) => {
      const { kinds, values, length } = thread.ops;
      for (let i = 0; i < length; i++) {
        const kind = kinds[i]!;
        const value = values[i]!;
        let bad: string | undefined;
        if (kind === OP_READ || kind === OP_WRITE) {
          if (!(value >= 0 && value <= maxAddress)) bad = `a reference to address ${value}; expected [0, 2^53)`;
        } else if (kind === OP_COMPUTE) {
          if (!(value >= 0 && value <= maxDurationNs))
            bad = `a compute op of ${value} ns; expected [0, ${maxDurationNs}]`;
          else computeSlices += Math.ceil(value / quantum);
        } else if (kind === OP_IO) {
          if (!(value >= 0 && value <= maxIoPages)) bad = `an I/O of ${value} pages; expected [0, ${maxIoPages}]`;
        } else bad = `unknown op kind ${kind}`;
        if (bad !== undefined) {
          out.push({ path: `apps[${a}].threads[${t}].ops[${i}]`, message: bad });
          return;
        }
      }
    });
  });
  if (computeSlices > maxComputeSlices) {
    out.push({
      path: "quantumNs",
      message: `the compute ops need ${computeSlices} quanta of ${config.quantumNs} ns; the limit is ${maxComputeSlices} (a longer quantum, or less compute time)`,
    });
  }
  return { problems: out, computeSlices };
}
