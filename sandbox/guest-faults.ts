/**
 * Fault classification: what a guest error, or a stopped call, becomes on the host. A thrown
 * error is described *by the guest* (the prelude's `describeThrown`, under the call's budget), so a
 * trap costs the guest, not the host; an interrupted call is reported from the meter, at the
 * position the guest was stopped.
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";
import {
  InvalidResult,
  OutOfMemory,
  StackOverflow,
  type GuestPosition,
  type Result,
  type SandboxFault,
} from "./errors.js";
import type { SandboxLimits } from "./limits.js";
import { envelopeResult, parseEnvelope, positionFromStack, type Envelope } from "./marshal.js";
import { abortFault, type Meter } from "./meter.js";
import { Owned } from "./owned.js";

/** What classifying a thrown error needs of the VM it was thrown in. */
export interface ThrownIn {
  readonly ctx: QuickJSContext;
  /** The current call's meter. */
  readonly meter: Meter;
  readonly limits: SandboxLimits;
  /** The guest's file name in stacks. */
  readonly filename: string;
  /** The prelude's describeThrown; undefined while the prelude is not installed yet. */
  readonly describeThrown: QuickJSHandle | undefined;
  /** Retire the VM as poisoned (out of memory): its instance is not touched again. */
  retire(cause: string): void;
}

/**
 * Turn a guest error handle (owned: consumed here, or dropped if the VM had to be retired) into a
 * fault. Aborts come from the meter; anything else is described by the guest.
 */
export function faultFromThrown(vm: ThrownIn, err: QuickJSHandle): SandboxFault {
  let retired = false;
  const retire = (cause: string): void => {
    retired = true;
    vm.retire(cause);
  };
  using owned = new Owned(() => retired);
  owned.own(err);
  const { ctx, meter: m } = vm;
  if (m.abort !== null) return abortFault(m.abort, m, vm.limits, interruptedAt(ctx, err, vm.filename));
  const res = vm.describeThrown !== undefined ? ctx.callFunction(vm.describeThrown, ctx.undefined, err) : undefined;
  if (res === undefined) return new InvalidResult(`sandbox prelude failed: ${describeBootError(ctx, err)}`);
  if (res.error !== undefined) {
    // Could not even describe: the guest is at its memory limit, or the call was stopped meanwhile.
    if (m.abort !== null) {
      owned.own(res.error);
      return abortFault(m.abort, m, vm.limits);
    }
    retire("out of memory while describing a guest exception");
    return new OutOfMemory("guest ran out of memory");
  }
  let text: string;
  {
    using described = res.value;
    text = ctx.typeof(described) === "string" ? ctx.getString(described) : "";
  }
  const env = parseEnvelope(text, 16 * 1024);
  if (env instanceof InvalidResult) return env;
  if (env.t === "m") {
    retire("guest ran out of memory");
    return new OutOfMemory("guest ran out of memory");
  }
  if (env.t === "s") return new StackOverflow("guest stack overflow");
  const r = envelopeResult(env as Envelope, vm.filename);
  return r.ok ? new InvalidResult("guest error could not be classified") : r.error;
}

/**
 * Where the guest was when it was interrupted: QuickJS's own "interrupted" error carries a
 * stack as a plain data property, so reading it runs no guest code.
 */
function interruptedAt(ctx: QuickJSContext, err: QuickJSHandle, filename: string): GuestPosition | undefined {
  try {
    if (ctx.typeof(err) !== "object") return undefined;
    using stack = ctx.getProp(err, "stack");
    return ctx.typeof(stack) === "string" ? positionFromStack(ctx.getString(stack), filename) : undefined;
  } catch {
    return undefined;
  }
}

/** Only used for errors thrown by our own prelude/boot code (no guest code has run yet). */
function describeBootError(ctx: QuickJSContext, err: QuickJSHandle): string {
  try {
    const d: unknown = ctx.dump(err);
    return typeof d === "object" && d !== null ? JSON.stringify(d) : String(d);
  } catch {
    return "unknown error";
  }
}

/**
 * The guest usually sees the interrupt as an exception it cannot handle; its description, which
 * came back as the result, says where the guest was when the budget ran out.
 */
export function positionOfAbort(result: Result<unknown, SandboxFault>): GuestPosition | undefined {
  if (!result.ok) return result.error.position;
  const results = (result.value as { results?: unknown } | undefined)?.results ?? result.value;
  if (!Array.isArray(results)) return undefined;
  for (const r of results as Result<unknown, SandboxFault>[])
    if (r && !r.ok && r.error.position) return r.error.position;
  return undefined;
}
