/**
 * A binding is one installed handler on one event: what `install` returns and `uninstall` takes
 * back (SPIN's Dispatcher.Binding). It carries the guard the authorizer left on it, its options,
 * and its accounting, in the manner of `bpftool prog show`.
 */
import type { EventName } from "../events/catalogue.js";
import type { Guard } from "./guard.js";
import type { FaultKind, Handler, HandlerFault } from "./handler.js";

export interface InstallOptions {
  /** Run before every binding without First (the newest First binding runs first). */
  readonly first?: boolean;
  /** Run after every binding without Last. */
  readonly last?: boolean;
  /** Suppress the default handler while this binding succeeds (it still runs as the fallback). */
  readonly cancel?: boolean;
}

export type Principal =
  | { readonly kind: "kernel" }
  | { readonly kind: "application"; readonly space: number; readonly name: string };

export class BindingAccount {
  invocations = 0;
  failures = 0;
  instructions = 0;
  /** Exact work in fuel units (HandlerOutcome.fuel), where the engine counts it. */
  fuel = 0;
  /** Simulated time charged for its invocations (crossings and fuel), ns. */
  chargedNs = 0;
  hostNs = 0;
  worstHostNs = 0;
  /**
   * Invocations that ran in a batch (several handlers of one domain in one crossing): their host
   * time is the crossing's, shared by fuel (dispatcher.ts, batchHostNs), not measured alone.
   */
  batched = 0;
  readonly faultsByKind = new Map<FaultKind, number>();
  lastFault: HandlerFault | undefined;
  /**
   * Told every invocation's host time (ns) when set: how a benchmark keeps a binding's latency
   * distribution (the account itself keeps only the sum and the worst). A batched invocation's
   * host time is its share of the crossing's (by fuel), as `hostNs` is.
   */
  observeHostNs: ((hostNs: number) => void) | undefined;

  record(ok: boolean, instructions: number, hostNs: number, fault?: HandlerFault): void {
    this.observeHostNs?.(hostNs);
    this.invocations++;
    this.instructions += instructions;
    this.hostNs += hostNs;
    if (hostNs > this.worstHostNs) this.worstHostNs = hostNs;
    if (!ok && fault) {
      this.failures++;
      this.faultsByKind.set(fault.kind, (this.faultsByKind.get(fault.kind) ?? 0) + 1);
      this.lastFault = fault;
    }
  }
}

export class Binding {
  installed = true;
  readonly account = new BindingAccount();

  constructor(
    readonly id: number,
    readonly event: EventName,
    readonly handler: Handler,
    readonly guard: Guard,
    readonly options: InstallOptions,
    readonly principal: Principal,
    /** Invocation order: lower runs earlier. */
    readonly rank: number,
  ) {}
}
