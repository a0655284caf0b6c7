/** What `spin bench dispatch` gives (sweep.ts measures it; render draws it): its data, or why it cannot run. */
import type { EventName } from "../../kernel/events/catalogue.js";
import type { MachineInfo } from "../machine.js";
import type { Distribution, Interval } from "../latency.js";
import type { GuardKind, Kind, Match, SweepOptions } from "./options.js";

/** A sweep that cannot run as asked (a bad --ext, options that do not fit the event): one line, what to do. */
export class DispatchInputError extends Error {
  override readonly name = "DispatchInputError";
}

/** How the handlers of a configuration are laid out over extensions. */
export type LayoutName = "builtin" | "one-sandbox-each" | "shared" | "grid" | "ext";

export interface Point {
  /** e.g. "builtin, match one", "typed each, match all", "native 4x16, match one". */
  config: string;
  kind: Kind;
  layout: LayoutName;
  match: Match;
  guard: GuardKind;
  /** M: extensions (VMs); for built-in handlers, the handlers. */
  extensions: number;
  /** K: handlers of each extension on the event. */
  perExtension: number;
  /** N = M × K. */
  handlers: number;
  /** Handlers invoked per event, averaged over the stream's applications. */
  matchedPerEvent: number;
  /** Host→extension crossings per event (one per extension with a matching handler). */
  crossingsPerEvent: number;
  /** Cost of one event, µs: median, min and max of the repetitions' means. */
  medianUs: number;
  minUs: number;
  maxUs: number;
  /** 95% confidence interval of medianUs (null with fewer than 6 repetitions). */
  ci: Interval | null;
  /** Every repetition's mean, µs, in order. */
  samplesUs: number[];
  /**
   * Every repetition's median event (p50), µs, in order: what one event typically costs, without
   * the few events a shared machine preempted (which the means carry, and the max shows).
   */
  p50SamplesUs: number[];
  /** Every event of every repetition, one at a time. */
  latency: Distribution;
  /** The same per application, when there are several. */
  perApp: { app: number; latency: Distribution }[];
  /** Sandbox instructions (interrupt polls) per event, from the bindings' accounts. */
  instructionsPerEvent: number;
  /** Exact fuel units per event (loop back-edges and function entries), from the bindings' accounts. */
  fuelPerEvent: number;
  /** medianUs / matched handlers (the whole event cost when none matches). */
  perHandlerUs: number;
}

export interface AccountRow {
  extension: string;
  /** The binding's handler name (one row per binding). */
  binding: string;
  app: number;
  invocations: number;
  failures: number;
  instructions: number;
  fuel: number;
  hostUs: number;
  faults: Record<string, number>;
  /** Its invocations' host time, one at a time (a batched one: its share of the crossing by fuel, docs/DISPATCHER.md). */
  latency: Distribution;
}

export interface SweepResult {
  schema: "spin-bench-dispatch/2";
  machine: MachineInfo;
  options: Omit<SweepOptions, "maxOneEach" | "guard" | "grid" | "ext"> & {
    maxOneEach: number | null;
    guard: GuardKind;
    grid: SweepOptions["grid"] | null;
    ext: string | null;
  };
  event: EventName;
  /** Reference points measured in the same run, µs per call. */
  reference: {
    /** One `performance.now()` read: in every per-event latency once. */
    clockReadUs: number;
    /** Bare quickjs-emscripten callFunction with three number arguments. */
    bareCallUs: number;
    /** The same bare call with an interrupt handler armed and a meter + deadline set up per call, as the sandbox does for untrusted code. */
    bareCallArmedUs: number;
    /** Each round's figures of the two (the rounds alternate plain and armed blocks: pairs). */
    bareCallRoundsUs: number[];
    bareCallArmedRoundsUs: number[];
    /** SandboxVM.invoke of a no-op handler, without the dispatcher. */
    vmInvokeUs: number;
  };
  points: Point[];
  /** Per-binding accounts of the largest all-matching configuration of each kind and layout (who spent what). */
  accounts: { config: string; handlers: number; rows: AccountRow[] }[];
  /** Competing sandboxed handlers: one spins forever, the others are no-ops; each invocation has its own budget. */
  competition: { events: number; rows: AccountRow[] };
}
