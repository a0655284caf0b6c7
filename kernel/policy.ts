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
  /**
   * References to the page since it was mapped into this frame: 1 after the faulting access, 0 for
   * a prefetched page not used yet. Counts every hit, which the reference bit cannot (LFU, ARC), if
   * the application's pager sets `countsAccesses`; otherwise nothing is counted (the hit path
   * stays one store shorter) and this is 0.
   */
  accesses(frame: number): number;
  /**
   * The page of `space` that the frame being reclaimed is wanted for (the faulting or prefetched
   * page, not resident yet), or -1 when the frame goes to another application or the view is not
   * serving a reclaim (a tick). Pagers with ghost lists (2Q, ARC) look it up before they choose.
   */
  readonly incomingVpn: number;
  /** Seeded, per-application random numbers in [0, 1). */
  random(): number;
}

export interface PagerPolicy {
  readonly name: string;
  /** Choose a frame among the candidates. Must return a candidate frame. */
  chooseVictim(view: PagerView): number;
  /** True if the pager reads view.accesses: the kernel then counts every hit of the application. */
  readonly countsAccesses?: boolean;
  /**
   * Period of `tick` in simulated ns. The kernel calls `tick` only if both are present and
   * tickNs > 0.
   */
  readonly tickNs?: number;
  /**
   * A clock interrupt for pagers that sample reference bits (NFU, Aging), on the grid tickNs,
   * 2 tickNs, ... of simulated time while the application has unfinished threads. `elapsed` is the
   * number of grid points since the previous call (1 while the application keeps working): ticks at
   * which it had completed no operation since the previous call (it was computing or waiting, so no
   * reference bit of its pages was set) are not delivered one by one; the bits the pager sees were
   * set since the previous call. Ticks never keep a run going: it ends when nothing but ticks is
   * pending. The view is chooseVictim's, with incomingVpn -1.
   *
   * `referenced` lists every frame of the application whose reference bit was set since the
   * previous call (it may also hold frames whose bit has since been cleared, or that have changed
   * owner, and a frame more than once: check each), so that a tick can cost what the application
   * did since the previous one rather than the machine's size: with a 1 ns tick a walk over every
   * frame made a run cost operations × frames (red team 2, finding 5). A frame whose bit the pager
   * leaves set (a busy one it skipped) is listed again at the next call. The kernel always passes
   * it; a caller without one (a test driving a pager by hand) leaves it out, meaning every frame.
   */
  tick?(view: PagerView, elapsed: number, referenced?: ArrayLike<number>): void;
}

export interface ReadyThreadInfo {
  readonly thread: number;
  readonly priority: number;
  readonly readySince: number;
  readonly ranNs: number;
}

/** What a thread scheduler may read besides the ready list (one view, reused for every pick). */
export interface SchedulerView {
  /** The application (address space) whose strand got the CPU. */
  readonly space: number;
  /** Simulated time now (ns). */
  readonly now: number;
  /** The kernel's strand quantum (ns): a thread that is not preempted runs at most this long. */
  readonly quantumNs: number;
  /**
   * CPU time (ns) a thread of this application has had so far, whether it is ready, blocked or
   * done (ReadyThreadInfo.ranNs covers only the ready ones); NaN for a thread of another application.
   */
  ranNs(thread: number): number;
  /**
   * The CPU time (ns) the thread's remaining operations need if every reference hits: compute
   * time plus one access per reference, I/O waits not counted; 0 when done, NaN for a thread of
   * another application. The oracle SJF and STCF need, as OPT needs nextUse.
   */
  workLeft(thread: number): number;
  /** Seeded, per-application random numbers in [0, 1) (not the pager's stream). */
  random(): number;
}

export interface SchedulerPolicy {
  readonly name: string;
  /** Pick one of `ready` (never empty). `current` is the thread that ran last in this strand, or -1. */
  pick(ready: readonly ReadyThreadInfo[], current: number, view: SchedulerView): number;
}

/** One entry of a policy registry: typed options with defaults, a description, and a factory. */
export interface PolicyFactory<P> {
  readonly name: string;
  readonly summary: string;
  /** Option names with their defaults; an unknown option is an error naming the known ones. */
  readonly defaults: Readonly<Record<string, number | string | boolean>>;
  create(options: Readonly<Record<string, number | string | boolean>>): P;
}
