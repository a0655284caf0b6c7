/**
 * The parsed flags of each command and the constants its definition (cli/commands/) and its action
 * (cli/actions/, loaded when the command runs) share. A leaf module: the command definitions load
 * it with every `spin` invocation, so it imports types only.
 */
import type { SweepOptions } from "../bench/dispatch/options.js";
import type { ModeName } from "../extensions/loader/mode-names.js";
import type { BuiltinKind } from "../extensions/loader/baselines.js";
import type { SweepMetric } from "../bench/sweep/metrics.js";

export interface RunFlags {
  pager?: string;
  scheduler?: string;
  frames?: number;
  seed?: number;
  json?: boolean;
  check?: boolean;
  timing?: boolean;
  events?: string;
  timeline?: string;
}

export interface CheckFlags {
  mode: ModeName;
  emit?: boolean;
  typeCheckLimitMs?: number;
}

export interface LoadFlags {
  scenario?: string;
  pager?: string;
  scheduler?: string;
  compareAll?: BuiltinKind;
  trace?: string;
  app?: string;
  frames?: number;
  seed?: number;
  budget?: number;
  timeoutMs?: number;
  memoryMb?: number;
  maxViolations?: number;
  runTimeMs?: number;
  json?: boolean;
  check?: boolean;
  timing?: boolean;
  mode?: ModeName;
  typeCheckLimitMs?: number;
  events?: string;
  timeline?: string;
}

/** `--compare-all` of `spin load`: every kind of built-in policy (extensions/loader/baselines.ts). */
const BUILTIN_KIND_SET = { pagers: true, schedulers: true } as const satisfies Record<BuiltinKind, true>;
export const COMPARE_ALL_KINDS = Object.keys(BUILTIN_KIND_SET) as BuiltinKind[];

export interface ExerciseRunFlags {
  mode?: string;
  json?: boolean;
  timing?: boolean;
  /** The folder whose exercises names are taken from (default: this package's). */
  dir?: string;
}

export interface ExerciseListFlags {
  dir?: string;
  width?: number;
  wide?: boolean;
  json?: boolean;
}

/**
 * `--mode` of `spin exercise run`: one placement of the registry, `all` of them, or `both`
 * QuickJS placements (typed and sfi: the two modes there were before native and server).
 */
export const ALL_MODES = "all";
export const QUICKJS_MODES = "both";

export const BENCHMARKS = [
  [
    "dispatch",
    "cost of one event through the dispatcher against installed handlers: any event, every placement vs built-in handlers, M extensions × K handlers, guards matching none / one / all; distributions and 95% intervals (2–4 min)",
  ],
  [
    "placement",
    "the four placements side by side against a built-in handler: a no-op and clock.ts's Reclaim per event, load time, the server's kill (about 1 min)",
  ],
  [
    "kernel",
    "simulation throughput (references/s) with the built-in Clock pager on a 1,000,000-reference trace, against a plain-loop ceiling (about 5 s)",
  ],
] as const;

export interface DispatchFlags {
  event?: SweepOptions["event"];
  handlers?: number[];
  match?: SweepOptions["matches"][number][];
  kind?: SweepOptions["kinds"][number][];
  layout?: SweepOptions["layouts"][number][];
  grid?: NonNullable<SweepOptions["grid"]>[number][];
  guard?: NonNullable<SweepOptions["guard"]>;
  apps?: number;
  result?: SweepOptions["result"];
  resident?: number;
  ext?: string;
  csv?: boolean;
  events?: number;
  reps?: number;
  warmup?: number;
  seed?: number;
  otherEvent?: boolean;
  json?: boolean;
  plot?: string;
}

export interface PlacementBenchFlags {
  iterations?: number;
  reps?: number;
  seed?: number;
  scenario?: string;
  json?: boolean;
  plot?: string;
}

export interface KernelBenchFlags {
  refs?: number;
  reps?: number;
  json?: boolean;
}

export interface SweepFlags {
  frames?: readonly number[];
  seeds?: readonly number[];
  pagers?: string;
  schedulers?: string;
  extension?: string[];
  app?: string;
  metric: SweepMetric;
  json?: boolean;
  csv?: boolean;
  plot?: string;
  workers?: number;
  stack: boolean;
  check?: boolean;
  mode: ModeName;
  typeCheckLimitMs?: number;
}
