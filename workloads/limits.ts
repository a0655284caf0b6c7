/**
 * Every limit on what a user may ask of the simulator, in one place: scenario files, trace files,
 * extension sources and command-line flags all check against these, so a file and a flag can never
 * disagree (docs/WORKLOADS.md, "Limits", is the table of them; test/workloads/limits.test.ts keeps
 * the table and these values in step).
 *
 * Why limits at all: the simulator's memory and host time grow with what the input asks for, and a
 * typo (an extra zero) or a hostile file must get a clear refusal, not an exhausted machine. Each
 * limit is far above any run that teaches something, and each is stated with what to do instead.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

// ---- files --------------------------------------------------------------------------------------

/** A scenario is a description, not data: long reference strings belong in a trace file. Parsing
 * keeps about 17 bytes per JSON value; the worst 16 MiB file peaks at about 0.7 GB in all. */
export const MAX_SCENARIO_BYTES = 16 * MiB;
/** Traces are read in chunks, so their size costs host time, not memory (memory follows the
 * references kept, bounded by MAX_OPS). */
export const MAX_TRACE_BYTES = 1 * GiB;
/** The longest line of a trace; real lines are 10 to 40 bytes. */
export const MAX_TRACE_LINE_BYTES = 4 * KiB;
/** An extension's TypeScript source (the type checker's memory grows with it). */
export const MAX_EXTENSION_BYTES = 1 * MiB;

// ---- the machine --------------------------------------------------------------------------------

/** Physical frames: 2^24 (64 GiB of simulated memory); the frame table takes up to 29 bytes a frame. */
export const MAX_FRAMES = 1 << 24;
/** Pages in one region or one generated working set. */
export const MAX_PAGES = 1 << 24;
/** The largest address the simulator can hold exactly in a Float64Array. */
export const MAX_ADDRESS = Number.MAX_SAFE_INTEGER;
/** Seeds are 32-bit (the PRNG's state is 32 bits: a larger seed would alias a smaller one). */
export const MAX_SEED = 2 ** 32 - 1;
export const MAX_THREAD_PRIORITY = 31;

/**
 * Operations (references, compute bursts, I/O requests) of all threads together, and of one trace:
 * the simulator keeps 9 bytes per operation. A compute operation longer than a quantum also counts
 * once per quantum it spans (each is a preemption the kernel must simulate), so host time is
 * bounded by this number too.
 */
export const MAX_OPS = 20_000_000;

/** `repeat`, `bursts` and similar counts: each round costs host time even when it yields nothing. */
export const MAX_REPEAT = MAX_OPS;

// ---- time ---------------------------------------------------------------------------------------
//
// Simulated time is a float64 count of nanoseconds. Each step is capped so a typo cannot ask for
// centuries; and since a float64 clock is only sure to move by a quantum while it is below
// quantum × 2^52 ns, a scenario whose worst case could pass that is refused (workloads/time-bound.ts).

/** The scheduler quantum: 1 µs to 10 s (real systems use 1 to 100 ms). */
export const MIN_QUANTUM_NS = 1_000;
export const MAX_QUANTUM_NS = 10_000_000_000;
/** Each cost (`costs.*`) and each disk time (`disk.*Ns`): at most 1 s. */
export const MAX_COST_NS = 1_000_000_000;
export const MAX_PAGES_PER_TRACK = 1 << 20;
/** One compute burst (`mix.computeNs`): at most 10 s. */
export const MAX_COMPUTE_NS = 10_000_000_000;
/** One I/O request (`mix.ioPages`). */
export const MAX_IO_PAGES = 4096;

// ---- nesting ------------------------------------------------------------------------------------

/** Workloads inside workloads (`phases` of `phases`). */
export const MAX_WORKLOAD_NESTING = 16;
/** Values read as plain data (policy `options`): deeper structures are refused where they start. */
export const MAX_PLAIN_DEPTH = 32;

// ---- command-line benchmarks ----------------------------------------------------------------------

/** `spin bench kernel --refs`: the benchmark's trace, like any run, holds at most MAX_OPS. */
export const MAX_BENCH_REFS = MAX_OPS;
/** `spin bench dispatch --events`: two small objects each (~150 bytes), held for the whole sweep. */
export const MAX_BENCH_EVENTS = 100_000;
/** `--reps` and `--warmup` of the benchmarks: host time only, bounded so a typo ends. */
export const MAX_BENCH_REPS = 1_000;
export const MAX_BENCH_WARMUP = 1_000_000;

// ---- spin sweep ---------------------------------------------------------------------------------

/** Frame counts of one sweep (`--frames`, ranges expanded): each is a run per policy. */
export const MAX_SWEEP_FRAMES = 4096;
/** Seeds of one sweep (`--seeds`). */
export const MAX_SWEEP_SEEDS = 1_000;
/** Workloads (scenarios and traces) of one sweep: each is loaded once per seed. */
export const MAX_SWEEP_WORKLOADS = 64;
/** Extensions of one sweep: each is checked once, and runs in a sandbox VM of its own per run. */
export const MAX_SWEEP_EXTENSIONS = 16;
/** Runs of one sweep (workloads × seeds × frame counts × policies), so that a typo ends. */
export const MAX_SWEEP_RUNS = 20_000;
/** Worker threads of one sweep: each holds a simulation's memory. */
export const MAX_SWEEP_WORKERS = 64;

/** `1048576` → `1 MiB`, for messages. */
export function bytesText(n: number): string {
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB`;
  if (n >= KiB) return `${(n / KiB).toFixed(n % KiB === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
