/**
 * Sandbox faults: one tiny class per failure kind, returned as values (never thrown
 * across the sandbox API). `SandboxUsageError` is the only thing thrown, and only for
 * host programming errors (re-entrant invoke, invalid limits, use after dispose is a fault).
 */

import { FAULT_KINDS, type FaultKind } from "../kernel/dispatcher/handler.js";

/** The kernel's fault kinds are the sandbox's: a sandbox fault becomes a handler fault as it is. */
export { FAULT_KINDS, type FaultKind };

/** A position in the *transpiled* JavaScript the sandbox ran (1-based line and column). */
export interface GuestPosition {
  line: number;
  column: number;
}

/** Safe, host-side description of a value the guest threw (built inside the guest, under budget). */
export interface ThrownDescription {
  /** `typeof` of the thrown value, or "error" for Error instances. */
  type: string;
  /** Error name (`TypeError`, ...) when the thrown value was an Error. */
  name?: string;
  /** Error message, or a short rendering of a thrown primitive/object. */
  message: string;
  /** Guest stack text, truncated. */
  stack?: string;
}

export abstract class SandboxFault extends Error {
  abstract readonly kind: FaultKind;
  readonly position: GuestPosition | undefined;
  /** The limit a `budget` or `timeout` fault hit, as reports show it: `100 polls`, `1000 host calls`, `2000 ms`. */
  readonly limit: string | undefined;
  constructor(message: string, position?: GuestPosition, limit?: string) {
    super(message);
    this.position = position;
    this.limit = limit;
  }
  override get name(): string {
    return this.constructor.name;
  }
}

export class BudgetExceeded extends SandboxFault {
  readonly kind = "budget" as const;
}
/**
 * Whether a fault is a wall-clock stop (a deadline, the host time of the run): where the call was
 * when it came depends on the host's speed and load, so what it spent up to then is not a
 * repeatable count. Every engine accounts such a call its whole budget (docs/MACHINE.md).
 */
export function stoppedByWallClock(fault: SandboxFault): boolean {
  return fault.kind === "timeout" || fault.kind === "host-time";
}

export class Timeout extends SandboxFault {
  readonly kind = "timeout" as const;
}
/** The VM used up the host time it may spend in the whole run (`runTimeMs`, all its calls together). */
export class HostTimeSpent extends SandboxFault {
  readonly kind = "host-time" as const;
}
export class OutOfMemory extends SandboxFault {
  readonly kind = "memory" as const;
}
export class StackOverflow extends SandboxFault {
  readonly kind = "stack" as const;
}
export class GuestException extends SandboxFault {
  readonly kind = "exception" as const;
  readonly thrown: ThrownDescription;
  constructor(thrown: ThrownDescription, position?: GuestPosition) {
    super(`guest threw ${thrown.name ?? thrown.type}: ${thrown.message}`, position);
    this.thrown = thrown;
  }
}
export class UnresolvedPromise extends SandboxFault {
  readonly kind = "unresolved-promise" as const;
}
export class InvalidResult extends SandboxFault {
  readonly kind = "invalid-result" as const;
}
/** A software-fault-isolation check inserted by the SFI rewriter trapped (extensions/sfi/, docs/SFI.md). */
export class SfiFault extends SandboxFault {
  readonly kind = "sfi" as const;
}
/** The VM can no longer run code (after OOM, a WASM abort, a leftover microtask flood, or dispose). */
export class VmDead extends SandboxFault {
  readonly kind = "dead" as const;
}

/** Thrown (not returned) for host programming errors: bad limits, re-entrant invoke. */
export class SandboxUsageError extends Error {
  override readonly name = "SandboxUsageError";
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
