/**
 * Booting a VM, in pieces the VM (vm.ts) puts together under its meter: the object handed to the
 * prelude (settings and host functions), the protocol functions the prelude gives back (the
 * VM owns them until it is disposed), and the manifest the extension registered.
 */
import "./dispose-symbol.js";
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";
import { InvalidResult, SandboxUsageError, fail, ok, type Result, type SandboxFault } from "./errors.js";
import type { HostFunction } from "./marshal.js";
import { Owned } from "./owned.js";
import { hostJsonParse } from "./host-json.js";

export interface HandlerInfo {
  name: string;
  options: unknown;
  guard: unknown;
}

/** What the extension registered through `defineExtension`, read once after evaluation. */
export interface ExtensionManifest {
  name: string | null;
  events: Record<string, HandlerInfo[]>;
}

/** What the prelude is told (guest/prelude.js, `boot`). */
export interface BootSettings {
  readonly seed: number;
  readonly maxResultChars: number;
  readonly maxLogChars: number;
  /** Lines the host keeps: the prelude sends the call stack of these only. */
  readonly maxLogEntries: number;
  /**
   * The characters at the end of a frame line that hold its position, ` (<file>:<line>:<col>)`:
   * what the prelude keeps of a longer line (a long function name) in a log line's stack.
   */
  readonly frameTail: number;
  /** Bound arguments a bound function may hold (limits.ts MAX_BOUND_ARGUMENTS). */
  readonly maxBoundArguments: number;
  /** Values a bind walks for kernel.log (limits.ts MAX_BIND_WALK). */
  readonly maxBindWalk: number;
  /** The wire's layouts of the kernel's events (wire.ts `layoutsForGuest`). */
  readonly layouts: string;
  readonly log: HostFunction;
  readonly now: HostFunction;
  /** Exposed as `kernel.<name>`. */
  readonly hostFunctions: Readonly<Record<string, HostFunction>>;
}

/**
 * The prelude's argument, every handle of it owned by `owned` (the boot's scope). Host functions
 * are made by `newHostFunction` (host-functions.ts, metered by the VM); a value that is not a
 * function is a SandboxUsageError.
 */
export function bootObject(
  ctx: QuickJSContext,
  owned: Owned,
  settings: BootSettings,
  newHostFunction: (name: string, fn: HostFunction) => QuickJSHandle,
): QuickJSHandle {
  const boot = owned.own(ctx.newObject());
  ctx.setProp(boot, "seed", owned.own(ctx.newNumber(settings.seed >>> 0)));
  ctx.setProp(boot, "maxResultChars", owned.own(ctx.newNumber(settings.maxResultChars)));
  ctx.setProp(boot, "maxLogChars", owned.own(ctx.newNumber(settings.maxLogChars)));
  ctx.setProp(boot, "maxLogEntries", owned.own(ctx.newNumber(settings.maxLogEntries)));
  ctx.setProp(boot, "frameTail", owned.own(ctx.newNumber(settings.frameTail)));
  ctx.setProp(boot, "maxBoundArguments", owned.own(ctx.newNumber(settings.maxBoundArguments)));
  ctx.setProp(boot, "maxBindWalk", owned.own(ctx.newNumber(settings.maxBindWalk)));
  ctx.setProp(boot, "layouts", owned.own(ctx.newString(settings.layouts)));
  ctx.setProp(boot, "log", owned.own(newHostFunction("log", settings.log)));
  ctx.setProp(boot, "now", owned.own(newHostFunction("now", settings.now)));
  const fns = owned.own(ctx.newObject());
  for (const [name, fn] of Object.entries(settings.hostFunctions)) {
    if (typeof fn !== "function") throw new SandboxUsageError(`hostFunctions.${name} is not a function`);
    ctx.setProp(fns, name, owned.own(newHostFunction(name, fn)));
  }
  ctx.setProp(boot, "fns", fns);
  return boot;
}

/** The prelude's protocol: the guest functions every crossing calls. The VM owns them. */
export class GuestProtocol implements Disposable {
  private constructor(
    readonly dispatch: QuickJSHandle,
    /** dispatch for one call of a flat event, all on the wire (guest/prelude.js `flatCall`). */
    readonly flatCall: QuickJSHandle,
    /** Hands the guest its wire buffer (wire-memory.ts). */
    readonly wire: QuickJSHandle,
    readonly collect: QuickJSHandle,
    readonly describe: QuickJSHandle,
    readonly describeThrown: QuickJSHandle,
    /** Reports the fuel of a handler an uncatchable interrupt stopped before its wrapper could. */
    readonly flushFuel: QuickJSHandle,
  ) {}

  /** Take the functions from the prelude's protocol object; none is left behind if one cannot be read. */
  static take(ctx: QuickJSContext, proto: QuickJSHandle): GuestProtocol {
    using taken = new Owned();
    const dispatch = taken.own(ctx.getProp(proto, "dispatch"));
    const flatCall = taken.own(ctx.getProp(proto, "flatCall"));
    const wire = taken.own(ctx.getProp(proto, "wire"));
    const collect = taken.own(ctx.getProp(proto, "collect"));
    const describe = taken.own(ctx.getProp(proto, "describe"));
    const describeThrown = taken.own(ctx.getProp(proto, "describeThrown"));
    const flushFuel = taken.own(ctx.getProp(proto, "flushFuel"));
    taken.handOver();
    return new GuestProtocol(dispatch, flatCall, wire, collect, describe, describeThrown, flushFuel);
  }

  [Symbol.dispose](): void {
    for (const h of [
      this.dispatch,
      this.flatCall,
      this.wire,
      this.collect,
      this.describe,
      this.describeThrown,
      this.flushFuel,
    ])
      h.dispose();
  }
}

/** The manifest from the JSON the prelude's `describe` returns. */
export function readManifest(text: string): Result<ExtensionManifest, SandboxFault> {
  let parsed: unknown;
  try {
    parsed = hostJsonParse(text);
  } catch {
    return fail(new InvalidResult("extension registry is not JSON"));
  }
  const p = parsed as { defined?: unknown; name?: unknown; events?: unknown; error?: unknown };
  if (p.defined !== true) return fail(new InvalidResult("the module did not call defineExtension()"));
  if (typeof p.error === "string") return fail(new InvalidResult(p.error));
  const events: Record<string, HandlerInfo[]> = {};
  if (p.events !== null && typeof p.events === "object") {
    for (const [ev, list] of Object.entries(p.events as Record<string, unknown>)) {
      if (!Array.isArray(list)) return fail(new InvalidResult(`malformed registry for "${ev}"`));
      events[ev] = list.map((h: { name?: unknown; options?: unknown; guard?: unknown }) => ({
        name: typeof h.name === "string" ? h.name : "",
        options: h.options ?? null,
        guard: h.guard ?? null,
      }));
    }
  }
  return ok({ name: typeof p.name === "string" ? p.name : null, events });
}
