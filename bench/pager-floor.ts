/**
 * The floor of a sandboxed Clock in QuickJS: examples/pagers/clock.ts's own logic, as the typed
 * placement runs it (the same transpiled code with the same fuel counters), called from a loop
 * inside one QuickJS context on a list the guest keeps: no host crossing, no argument encoding,
 * no result check. Whatever the protocol does, a Reclaim cannot cost less than this in QuickJS,
 * so it bounds what `spin load clock.ts` can reach against the built-in Clock.
 *
 * The events are those of Clock thrashing a column pass (matrix-sums' pattern, docs/PERFORMANCE.md):
 * every frame resident and unreferenced, each Reclaim's victim the frame after the last one, which
 * then holds a new page; so the hand search reads half the list per event, as on the trace (the
 * fuel per event says so: the bench reports it beside the trace run's).
 *
 * Two figures: the handler alone, and with the least the guest must do besides per event (each
 * handler's own copy of the kept list, one page replaced in it), both CPU time of this thread.
 */
import { rewriteCountingFuel } from "../extensions/sfi/fuel-count.js";
import { newIsolatedQuickJS } from "../sandbox/index.js";
import { SFI_RUNTIME_JS } from "../sandbox/guest.generated.js";

/** The runtime's check of a string `+` makes (extensions/sfi/passes/strings.ts), as the placement runs it. */
const CAT = /^function __sfi_cat\(.*$/m.exec(SFI_RUNTIME_JS)?.[0];

export interface FloorFigures {
  readonly frames: number;
  readonly events: number;
  /** CPU ms for `events` handler calls, nothing else per event. */
  readonly handlerMs: number;
  /** CPU ms with the list copy and one page replaced per event. */
  readonly withListMs: number;
  /** Fuel units the handler counted per event (the trace run's `fuel / run_cnt` compares). */
  readonly fuelPerEvent: number;
}

/** The typed placement's code for `source` as a script defining `__handler` (its Reclaim handler). */
function handlerScript(file: string, source: string): string {
  const body = rewriteCountingFuel(file, source).body;
  const lines = body.split("\n").filter((l) => !/^import\s/.test(l));
  const script = lines.join("\n").replace("export default __sfi_define(", "const __def = __floor_define(");
  if (script === lines.join("\n")) throw new Error(`${file}: no \`export default defineExtension(...)\` to measure`);
  if (CAT === undefined) throw new Error("internal: no __sfi_cat in sandbox/guest/sfi-runtime.js");
  return `let __sfi_fuel = 1e15;
function __sfi_nofuel() { throw new Error("fuel"); }
${CAT}
function __floor_define(def) { return def; }
${script}
const __handler = __def.handlers["PhysAddr.Reclaim"];`;
}

const DRIVER = `
const __freeze = Object.freeze, __apply = Reflect.apply;
function __restOf(...a) { return a; }
function __page(frame, e) { return __freeze({ frame, vpn: 100000 + e, referenced: false, dirty: false, loadedAt: e, lastAccess: e }); }
globalThis.__run = function (frames, events, copy) {
  const kept = [];
  Object.setPrototypeOf(kept, null);
  for (let f = 0; f < frames; f++) kept[f] = __page(f, 0);
  const fuel0 = __sfi_fuel;
  for (let e = 1; e <= events; e++) {
    const list = copy ? __apply(__restOf, undefined, kept) : kept;
    const r = __handler({ space: 0, vpn: 7, resident: list });
    const v = r.victim;
    if (copy) kept[v] = __page(v, e);
  }
  return fuel0 - __sfi_fuel;
};`;

/** clock.ts (or `source`) on `frames` resident pages for `events` Reclaims; best of `rounds`. */
export async function pagerFloor(
  file: string,
  source: string,
  frames: number,
  events: number,
  rounds = 3,
): Promise<FloorFigures> {
  const qjs = await newIsolatedQuickJS();
  const script = `${handlerScript(file, source)}\n${DRIVER}`;
  // Each run in a fresh context: the handler's module state (clock.ts's hand) starts as it does in a VM.
  const run = (copy: boolean): { ms: number; fuel: number } => {
    let best = Number.POSITIVE_INFINITY;
    let fuel = 0;
    for (let r = 0; r < rounds; r++) {
      const rt = qjs.newRuntime();
      rt.setMemoryLimit(256 * 1024 * 1024);
      const ctx = rt.newContext();
      try {
        const made = ctx.evalCode(script, "floor.js");
        if (made.error !== undefined) {
          const why = ctx.dump(made.error) as unknown;
          made.error.dispose();
          throw new Error(`pager floor: ${file} did not evaluate: ${JSON.stringify(why)}`);
        }
        made.value.dispose();
        const c0 = process.cpuUsage();
        const res = ctx.evalCode(`__run(${frames}, ${events}, ${copy})`, "floor-run.js");
        const c = process.cpuUsage(c0);
        if (res.error !== undefined) {
          const why = ctx.dump(res.error) as unknown;
          res.error.dispose();
          throw new Error(`pager floor: the handler failed: ${JSON.stringify(why)}`);
        }
        fuel = ctx.getNumber(res.value);
        res.value.dispose();
        best = Math.min(best, (c.user + c.system) / 1000);
      } finally {
        ctx.dispose();
        rt.dispose();
      }
    }
    return { ms: best, fuel };
  };
  const alone = run(false);
  const withList = run(true);
  return {
    frames,
    events,
    handlerMs: alone.ms,
    withListMs: withList.ms,
    fuelPerEvent: withList.fuel / events,
  };
}
