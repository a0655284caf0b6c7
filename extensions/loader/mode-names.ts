/**
 * The placements' names and what each one is, as data: where an extension's code runs, what is
 * trusted at load time, what stops it at run time, what crossing into it costs (the parameter
 * the simulated-time charging of issue 11 will use, with SPIN's published figure as its default)
 * and how its fuel is counted. The registry (modes.ts) adds each placement's load-time work;
 * whatever only needs the names and facts (the playground's page, a share link's validation, the
 * simulation worker choosing an engine) imports them from here without pulling in the type
 * checker and the SFI rewriter. docs/PLACEMENTS.md is this table in prose.
 */
import { fuelForBudget, type SfiOptionsInput } from "../sfi/options.js";

export const PLACEMENT_NAMES = ["typed", "sfi", "native", "server"] as const;

/** Every placement described here (PLACEMENTS), offered to users or not yet. */
export type PlacementName = (typeof PLACEMENT_NAMES)[number];

export function isPlacementName(name: string): name is PlacementName {
  return (PLACEMENT_NAMES as readonly string[]).includes(name);
}

/** The placements the registry (modes.ts) offers to users: `--mode` takes exactly these. */
export const MODE_NAMES = ["typed", "sfi", "native", "server"] as const satisfies readonly PlacementName[];

export type ModeName = (typeof MODE_NAMES)[number];

/** The placement used when none is asked for. */
export const DEFAULT_MODE = "typed" satisfies BrowserModeName;

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}

/**
 * A mode as data (`ExecutionMode.spec`): its name and options. What the command line asks for
 * without loading the modes themselves (they load the compiler), and what the type check's worker
 * makes the mode from (`modeFromSpec` in modes.ts).
 */
export type ModeSpec =
  | { readonly name: "typed" | "native" | "server" }
  | { readonly name: "sfi"; readonly options: SfiOptionsInput };

/** The spec of `modeNamed(name, budgetPolls)` (modes.ts): the same mode, as data. */
export function modeSpecNamed(name: ModeName, budgetPolls?: number): ModeSpec {
  if (name !== "sfi") return { name };
  return { name, options: budgetPolls === undefined ? {} : { fuel: fuelForBudget(budgetPolls) } };
}

/**
 * The engines an extension's code can run in:
 * - `quickjs`: its own QuickJS WASM instance inside the kernel's thread (sandbox/vm.ts);
 * - `compartment`: the kernel's own V8, in a SES Compartment of the hardened realm the kernel
 *   runs in (sandbox/native/);
 * - `worker`: a worker thread of its own (its own V8 isolate and heap), one IPC round trip per
 *   event (sandbox/server/).
 */
export type EngineName = "quickjs" | "compartment" | "worker";

/**
 * The cost of crossing into an extension, by the name of its parameter in simulated time
 * (issue 11 charges it; here it is named and documented). Defaults: SPIN's published figures
 * (Bershad et al., SOSP 1995, Table 2: DEC Alpha 3000/400 at 133 MHz).
 */
export const CROSSING_COSTS = {
  inKernelCallNs: {
    spinNs: 130,
    what: "a protected in-kernel call: the extension is a procedure in the kernel's address space (SPIN: 0.13 µs)",
  },
  syscallNs: {
    spinNs: 4_000,
    what: "a crossing into a protection domain inside the kernel's process with the arguments copied, as a system call copies them (SPIN: 4 µs; DEC OSF/1 5 µs, Mach 7 µs)",
  },
  ipcRoundTripNs: {
    spinNs: 89_000,
    what: "a cross-address-space call: request and reply through IPC to a server (SPIN: 89 µs; Mach 104 µs, DEC OSF/1 845 µs)",
  },
} as const;

export type CrossingCostName = keyof typeof CROSSING_COSTS;

/** What a placement is (modes.ts pairs each with its load-time work). */
export interface PlacementFacts {
  /** What is checked, and so trusted, at load time. */
  readonly trusts: string;
  /** Where the code runs. */
  readonly engine: EngineName;
  /** What stops an extension at run time, and what it cannot stop. */
  readonly stops: string;
  /** The crossing cost's parameter name in simulated time (CROSSING_COSTS). */
  readonly crossing: CrossingCostName;
  /**
   * How fuel is counted: the unit of the `instructions` an extension's report shows, and whether
   * it is exact (the same count for the same code and inputs, whatever ran before).
   */
  readonly fuel: { readonly unit: string; readonly exact: boolean; readonly how: string };
  /** Runs in the playground's browser (QuickJS only: no worker_threads, no hardened realm there). */
  readonly browser: boolean;
}

const FUEL_PASS = "SFI's fuel pass: one unit per loop back-edge and per function entry of the extension's own code";
/** What the V8 placements' fuel counts besides the fuel pass (sandbox/native/builtin-fuel.ts). */
const BUILTIN_FUEL =
  "plus the work of the builtins whose wrappers charge it before they run (each regex match attempt: characters it may scan x the size of the program its pattern compiles to; String.prototype's walks: receiver or result length; Array builtins: the elements they walk, a sort n log n) and of every string a `+`, `+=` or template literal makes (its length; past the realm's string bound it is refused before it is stored)";

export const PLACEMENTS: Readonly<Record<PlacementName, PlacementFacts>> = {
  typed: {
    trusts: "the TypeScript type check against the extension API, and the verifier",
    engine: "quickjs",
    stops:
      "instruction budget (interrupt polls), metered C builtins, wall-clock deadline, memory limit of its own WASM heap, stack limit, schema check and kernel validators; the host watchdog kills what no meter saw",
    crossing: "syscallNs",
    fuel: {
      unit: "interrupt polls",
      exact: false,
      how: "QuickJS polls the host every 10,000 ticks (a tick is a backward jump or a call); the counter carries over between calls",
    },
    browser: true,
  },
  sfi: {
    trusts: "nothing from the type check (type errors are warnings); the verifier's syntactic rules",
    engine: "quickjs",
    stops:
      "everything typed stops, plus run-time checks inserted by the rewriter: heap masking, capability checks of every result, guarded computed keys and indirect calls, fuel",
    crossing: "syscallNs",
    fuel: {
      unit: "interrupt polls",
      exact: false,
      how: `reported as typed's polls; the run stops on ${FUEL_PASS} (exact), refilled per invocation`,
    },
    browser: true,
  },
  native: {
    trusts:
      "the type check and the verifier (as typed), as SPIN trusted Modula-3's type safety; the kernel's memory (no heap limit of its own)",
    engine: "compartment",
    stops:
      "fuel (exact; checked at loop back-edges and function entries), a call depth of 512 units (counted at function entries, a frame one unit per 32 slots of locals and temporaries, so that V8's own stack is not reached first; and an overflow V8 reaches all the same, through a spread call's arguments, ends the call as a `stack` fault at the first catch, finally or frame it passes: never what a guest catches), its deadlines (checked when a call returns; a call that never returns is killed by the host watchdog and replayed as a timeout), the host-call limit, the schema check and the kernel's validators; its Compartment has no ambient authority (no process, require, timers, eval, Function, Proxy, SharedArrayBuffer, Atomics, array buffers) over intrinsics frozen by lockdown, whose length-walking builtins refuse more than 2^24 elements (V8 cannot interrupt them). Not stopped: heap exhaustion, which takes the kernel down, the simulation's own process with it if V8 aborts (reported as such); a thread held inside a builtin past its termination, which ends the simulation's process (reported as such)",
    crossing: "inKernelCallNs",
    fuel: { unit: "fuel units", exact: true, how: `${FUEL_PASS}, ${BUILTIN_FUEL}, refilled per invocation` },
    browser: false,
  },
  server: {
    trusts: "the type check and the verifier (as typed); nothing about its time or memory",
    engine: "worker",
    stops:
      'what native stops, in a worker of its own: its own heap limit (resourceLimits: a server that dies of it is noticed within a 2 ms wait slice and reported as "server <name> died: heap exhausted", `stopped: memory`), and a hard kill (worker.terminate) of a server that has not replied by its deadline, whatever it is doing (a loop, a long C builtin); a dead server is unloaded by the watchdog. Not stopped: one allocation far past its heap limit, which V8 makes a fatal abort of the whole process (the simulation runs in a process of its own, so that is reported as kernel down, an escape). Every reply is read as untrusted data',
    crossing: "ipcRoundTripNs",
    fuel: { unit: "fuel units", exact: true, how: `${FUEL_PASS}, ${BUILTIN_FUEL}, refilled per invocation` },
    browser: false,
  },
};

/**
 * The engine an extension in placement `mode` runs in. A mode that is not a placement (a library
 * user's own ExecutionMode, a test's) compiles for the QuickJS sandbox, as every mode did before
 * the V8 placements.
 */
export function engineOf(mode: string): EngineName {
  return isPlacementName(mode) ? PLACEMENTS[mode].engine : "quickjs";
}

/** One line per placement, for `--help` (the command definitions load only this file). */
export const PLACEMENT_SUMMARY: Readonly<Record<PlacementName, string>> = {
  typed: "QuickJS; type check + verifier",
  sfi: "QuickJS; rewritten with run-time checks, docs/SFI.md",
  native: "the kernel's own V8 in a SES Compartment; type check + verifier; SPIN's model",
  server: "a worker thread of its own behind IPC; type check + verifier; the microkernel model",
};

/** The placements that run in a browser (the playground offers these). */
export const BROWSER_MODES = ["typed", "sfi"] as const satisfies readonly ModeName[];

export type BrowserModeName = (typeof BROWSER_MODES)[number];

/** BROWSER_MODES are the placements whose facts say `browser` (a test checks the two agree). */
export function isBrowserMode(name: string): name is BrowserModeName {
  return (BROWSER_MODES as readonly string[]).includes(name);
}
