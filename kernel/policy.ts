/**
 * The fixed interfaces behind which built-in policies live (policies/ holds one file per policy).
 * The kernel only ever calls these; which policy an application gets is the scenario's choice,
 * looked up in a registry table (policies/registry.ts).
 *
 * A pager reads the machine through a PagerView: trusted, native, zero-copy access to the frame
 * table. Extensions see the same facts as the `resident` list of PhysAddr.Reclaim.
 */

/** Read access to the frame table for one application's pager, plus the few writes a pager may make. */
export interface PagerView {
  /** The address space that must give up a frame. */
  readonly space: number;
  /** Total physical frames; frames are numbered 0..frameCount-1. */
  readonly frameCount: number;
  /** Simulated time now (ns). */
  readonly now: number;
  /** Address space holding the frame, or -1 if free. */
  owner(frame: number): number;
  /** True while the frame is being read in or written back: it cannot be the victim. */
  busy(frame: number): boolean;
  /** True if the frame can be chosen: owned by `space` and not busy. */
  candidate(frame: number): boolean;
  vpn(frame: number): number;
  referenced(frame: number): boolean;
  clearReferenced(frame: number): void;
  dirty(frame: number): boolean;
  /** Simulated time (ns) at which the page was mapped into the frame. */
  loadedAt(frame: number): number;
  /**
   * When the page was last accessed or loaded, on the machine's recency clock: every access and
   * every load takes the next number (a count, not ns), so no two pages tie.
   */
  lastAccess(frame: number): number;
  /**
   * How many references from now the page in this frame will next be used by its application,
   * Infinity if never: the oracle OPT needs. Exact for single-threaded workloads; with several
   * threads it is the soonest use by any thread, counted in that thread's own references.
   */
  nextUse(frame: number): number;
  /** Seeded, per-application random numbers in [0, 1). */
  random(): number;
}

export interface PagerPolicy {
  readonly name: string;
  /** Choose a frame among the candidates. Must return a candidate frame. */
  chooseVictim(view: PagerView): number;
}

export interface ReadyThreadInfo {
  readonly thread: number;
  readonly priority: number;
  readonly readySince: number;
  readonly ranNs: number;
}

export interface SchedulerPolicy {
  readonly name: string;
  /** Pick one of `ready` (never empty). `current` is the thread that ran last in this strand, or -1. */
  pick(ready: readonly ReadyThreadInfo[], current: number): number;
}

/** One entry of a policy registry: typed options with defaults, a description, and a factory. */
export interface PolicyFactory<P> {
  readonly name: string;
  readonly summary: string;
  /** Option names with their defaults; an unknown option is an error naming the known ones. */
  readonly defaults: Readonly<Record<string, number | string | boolean>>;
  create(options: Readonly<Record<string, number | string | boolean>>): P;
}
