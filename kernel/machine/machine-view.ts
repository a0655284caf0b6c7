/**
 * The machine as everything outside its own parts sees it: the kernel's hooks, its report, the
 * loader and tests. A few read-only verbs over opaque state, in the manner of SPIN's PhysAddr.i3
 * and Translation.i3: applications by address space, frames by number, pages by (space, vpn).
 * The state itself (machine.ts) is private to kernel/machine; the Kernel answers these by asking it.
 */
import type { AppSpec, MachineConfig } from "../config.js";
import type { Mapping } from "./address-space.js";
import type { AppCounters, StrandState } from "./threads.js";

/** A thread, read-only. */
export interface ThreadView {
  readonly id: number;
  readonly name: string;
  /** Simulated time (ns) it finished, -1 while it has not. */
  readonly finishedAt: number;
  /** Why it was terminated, if it was. */
  readonly killed: string | undefined;
  /** Simulated time (ns) it first got the CPU, -1 while it has not. */
  readonly firstRunAt: number;
  /** Time (ns) it had the CPU. */
  readonly ranNs: number;
  /** Time (ns) it was ready but not running. */
  readonly waitingNs: number;
}

/** An application (one address space, one strand, its threads), read-only. */
export interface AppView {
  /** Its address space, which is also its index in `apps`. */
  readonly index: number;
  readonly name: string;
  /** What the configuration asked for (priority, policies chosen, regions, threads). */
  readonly spec: AppSpec;
  readonly strand: StrandState;
  readonly counters: Readonly<AppCounters>;
  /** Simulated time (ns) its last thread finished, -1 while one has not. */
  readonly finishedAt: number;
  readonly threads: readonly ThreadView[];
  /** Its pager and thread scheduler, by name. */
  readonly pager: { readonly name: string };
  readonly scheduler: { readonly name: string };
}

/** The disk's counters. */
export interface DiskCounters {
  readonly reads: number;
  readonly writes: number;
  readonly ios: number;
  readonly busyNs: number;
  /** Time requests waited behind others before their service began, all together (ns). */
  readonly queueNs: number;
  /** The longest queue a request joined. */
  readonly maxQueue: number;
}

export interface MachineView {
  readonly config: MachineConfig;
  /** Simulated time now (ns). */
  readonly now: number;
  /** The applications, by address space. */
  readonly apps: readonly AppView[];
  /** The address space owning a thread, -1 if there is no such thread. */
  threadOwner(thread: number): number;
  /** Physical frames, numbered 0..frameCount-1. */
  readonly frameCount: number;
  /** The address space holding a frame, -1 if it is free, undefined if there is no such frame. */
  frameOwner(frame: number): number | undefined;
  /** True while the frame is being read in or written back. */
  frameBusy(frame: number): boolean;
  /** Translation.ExamineMapping: page `vpn` of address space `space`, undefined if never touched. */
  mapping(space: number, vpn: number): Mapping | undefined;
  readonly disk: DiskCounters;
}
