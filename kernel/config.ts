/**
 * A machine configuration: everything a run depends on besides the seed. Scenario files and trace
 * files are turned into one of these (workloads/scenario.ts); the kernel takes nothing else.
 */
import type { OpStream } from "./workload.js";

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
