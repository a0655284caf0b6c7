/** The options of a load (in this thread or supervised), and their validation. */
import { SandboxUsageError } from "../../sandbox/errors.js";
import { resolveLimits, type SandboxLimits } from "../../sandbox/limits.js";
import type { CallClock } from "../../sandbox/call-clock.js";
import type { HostFunction } from "../../sandbox/marshal.js";
import { DEFAULT_MAX_VIOLATIONS, EVENT_TIMEOUT_FACTOR, MAX_VIOLATIONS_BOUND } from "./attach.js";
import { ExtensionInputError } from "./errors.js";
import type { ExecutionMode } from "./modes/mode.js";

export interface LoadOptions {
  limits?: Partial<SandboxLimits>;
  /** Violations after which the watchdog unloads an extension (default 10, at most MAX_VIOLATIONS_BOUND). */
  maxViolations?: number;
  /** Host-time figures in the reports (not deterministic). */
  timing?: boolean;
  /** Check the kernel's invariants after every fault and disk completion. */
  check?: boolean;
  /** How the extension's code is trusted; default `typed`. */
  mode?: ExecutionMode;
  /** Time limit of the type check, against type-level bombs (default 10,000 ms). */
  typeCheckLimitMs?: number;
  /** The time cap of one event, all its handlers together (default: 2 × the timeout). */
  eventTimeoutMs?: number;
  /** Host functions every extension's VM gets as `kernel.<name>` (not in the extension API: for tests and embedders). */
  hostFunctions?: Record<string, HostFunction>;
  /** The clock every VM's deadlines are read from (sandbox/call-clock.ts); default: the wall clock. */
  callClock?: CallClock;
  /** Count faults, evictions and write-backs per window of time (report.timeline). */
  timeline?: boolean;
  /** Write the run's per-event record to this file as JSON Lines (event-file.ts). */
  eventsFile?: string;
}

/** The run-time settings of a load, validated (bad values are the user's: ExtensionInputError). */
export interface ResolvedLoadOptions {
  readonly limits: SandboxLimits;
  readonly maxViolations: number;
  readonly eventTimeoutMs: number;
  readonly timing: boolean;
  readonly check: boolean;
  readonly timeline: boolean;
  readonly eventsFile?: string;
}

export function resolveLoadOptions(options: LoadOptions): ResolvedLoadOptions {
  const maxViolations = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  if (!Number.isInteger(maxViolations) || maxViolations < 1 || maxViolations > MAX_VIOLATIONS_BOUND) {
    throw new ExtensionInputError(
      `maxViolations must be an integer from 1 to ${MAX_VIOLATIONS_BOUND}, got ${maxViolations}`,
    );
  }
  let limits: SandboxLimits;
  try {
    limits = resolveLimits(options.limits);
  } catch (error) {
    if (error instanceof SandboxUsageError) throw new ExtensionInputError(error.message);
    throw error;
  }
  const eventTimeoutMs = options.eventTimeoutMs ?? EVENT_TIMEOUT_FACTOR * limits.timeoutMs;
  if (!Number.isInteger(eventTimeoutMs) || eventTimeoutMs < 1)
    throw new ExtensionInputError(`eventTimeoutMs must be an integer ≥ 1, got ${eventTimeoutMs}`);
  return {
    limits,
    maxViolations,
    eventTimeoutMs,
    timing: options.timing ?? false,
    check: options.check ?? false,
    timeline: options.timeline ?? false,
    ...(options.eventsFile === undefined ? {} : { eventsFile: options.eventsFile }),
  };
}
