/**
 * The baseline every sandbox figure is compared with: one bare quickjs-emscripten `callFunction`
 * of a guest function with three number arguments, no protocol, no limits.
 */
import type { QuickJSRuntime } from "quickjs-emscripten";
import { newIsolatedQuickJS } from "../sandbox/index.js";

export interface BareCall {
  /** Its runtime, to arm an interrupt handler around the calls. */
  readonly runtime: QuickJSRuntime;
  /** One host-to-guest call; `i` varies the third argument. */
  call(i: number): void;
  dispose(): void;
}

export async function bareCallFunction(): Promise<BareCall> {
  const qjs = await newIsolatedQuickJS();
  const rt = qjs.newRuntime();
  const ctx = rt.newContext();
  const fnRes = ctx.evalCode("(function (space, thread, vpn) { return space + thread + vpn; })", "bare.js");
  if (fnRes.error) {
    fnRes.error.dispose();
    throw new Error("bench setup: the bare function failed to evaluate");
  }
  const fn = fnRes.value;
  return {
    runtime: rt,
    call(i: number) {
      const a = ctx.newNumber(0);
      const b = ctx.newNumber(1);
      const c = ctx.newNumber(i & 4095);
      const r = ctx.callFunction(fn, ctx.undefined, a, b, c);
      a.dispose();
      b.dispose();
      c.dispose();
      if (r.error) r.error.dispose();
      else r.value.dispose();
    },
    dispose() {
      fn.dispose();
      ctx.dispose();
      rt.dispose();
    },
  };
}
