/**
 * What `spin bench dispatch` can be asked (sweep.ts measures it): a module without the sandbox, so
 * that the command line can describe the options without loading what runs them.
 */
export const KINDS = ["native", "sandboxed"] as const;
export const LAYOUTS = ["one-sandbox-each", "shared"] as const;
export const MATCHES = ["none", "one", "all"] as const;
export type Kind = (typeof KINDS)[number];
export type Layout = (typeof LAYOUTS)[number];
export type Match = (typeof MATCHES)[number];

export const DEFAULT_HANDLERS = [1, 4, 16, 64, 256, 1024] as const;
/** One VM per handler costs ~15 ms to create: the default sweep stops this layout at 256. */
export const DEFAULT_MAX_ONE_EACH = 256;
export const MAX_HANDLERS = 4096;

export interface SweepOptions {
  handlers: readonly number[];
  kinds: readonly Kind[];
  layouts: readonly Layout[];
  matches: readonly Match[];
  /** Events in the seeded stream; a repetition raises it once or more (at least ~5 ms of work). */
  events: number;
  reps: number;
  /** Events raised before measuring each configuration. */
  warmup: number;
  seed: number;
  /** Also install every handler on Disk.IOComplete (never raised): bindings elsewhere must cost nothing. */
  otherEvent: boolean;
  /** Largest N for one-sandbox-each unless `handlers` was given explicitly. */
  maxOneEach?: number;
}

export const DEFAULT_SWEEP: SweepOptions = {
  handlers: DEFAULT_HANDLERS,
  kinds: KINDS,
  layouts: LAYOUTS,
  matches: MATCHES,
  events: 200,
  reps: 5,
  warmup: 100,
  seed: 7,
  otherEvent: false,
  maxOneEach: DEFAULT_MAX_ONE_EACH,
};
