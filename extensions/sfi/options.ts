/**
 * Options of the SFI rewriter (docs/SFI.md). Every pass can be switched off on its own, to
 * measure what it costs (bench/sfi-overhead.ts) or to show what it catches (test/sfi/).
 */
import { DEFAULT_LIMITS } from "../../sandbox/limits.js";

export type PassName = "heap" | "capability" | "control" | "fuel";
export const PASS_NAMES: readonly PassName[] = ["heap", "capability", "control", "fuel"];

/** Wahbe et al.'s two variants: "sandboxing" (force the index into the segment) or "checking" (trap). */
export type HeapMode = "mask" | "check";

/**
 * Fuel units per interrupt poll of the sandbox budget. A fuel unit is one loop back-edge or one
 * function entry; each of those is also at least one QuickJS tick, and a poll is 10,000 ticks,
 * so fuel = budget × 9,900 runs out before the interrupt budget for any code (the interrupt
 * counter carries over between invocations, hence the 1% margin).
 */
export const FUEL_PER_POLL = 9_900;

/** Fuel matching a sandbox budget in interrupt polls (runs out before the interrupt budget). */
export function fuelForBudget(polls: number): number {
  return polls * FUEL_PER_POLL;
}

export interface SfiOptions {
  /** Which passes run (default: all). */
  readonly passes: Readonly<Record<PassName, boolean>>;
  /** How heap accesses are confined (default "mask"). */
  readonly heapMode: HeapMode;
  /** Also confine heap loads, not only stores (default true; Wahbe's store-only variant is false). */
  readonly heapLoads: boolean;
  /** Heap size in elements (Int32Array), a power of two (default 65,536 = 256 KiB). */
  readonly heapSize: number;
  /** Fuel per handler invocation (and for module evaluation). */
  readonly fuel: number;
}

export const DEFAULT_HEAP_SIZE = 65_536;

export const DEFAULT_SFI_OPTIONS: SfiOptions = Object.freeze({
  passes: Object.freeze({ heap: true, capability: true, control: true, fuel: true }),
  heapMode: "mask",
  heapLoads: true,
  heapSize: DEFAULT_HEAP_SIZE,
  fuel: DEFAULT_LIMITS.budget * FUEL_PER_POLL,
});

export interface SfiOptionsInput {
  passes?: Partial<Record<PassName, boolean>>;
  heapMode?: HeapMode;
  heapLoads?: boolean;
  heapSize?: number;
  fuel?: number;
}

export function resolveSfiOptions(input: SfiOptionsInput = {}): SfiOptions {
  const heapSize = input.heapSize ?? DEFAULT_HEAP_SIZE;
  if (!Number.isInteger(heapSize) || heapSize < 1 || (heapSize & (heapSize - 1)) !== 0 || heapSize > 1 << 24) {
    throw new RangeError(`sfi: heapSize must be a power of two ≤ 2^24, got ${heapSize}`);
  }
  const fuel = input.fuel ?? DEFAULT_SFI_OPTIONS.fuel;
  if (!Number.isInteger(fuel) || fuel < 1) throw new RangeError(`sfi: fuel must be a positive integer, got ${fuel}`);
  const heapMode = input.heapMode ?? "mask";
  if (heapMode !== "mask" && heapMode !== "check")
    throw new RangeError(`sfi: heapMode must be mask or check, got ${String(heapMode)}`);
  return {
    passes: { ...DEFAULT_SFI_OPTIONS.passes, ...input.passes },
    heapMode,
    heapLoads: input.heapLoads ?? true,
    heapSize,
    fuel,
  };
}
