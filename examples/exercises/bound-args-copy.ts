/**
 * EXERCISE: bound-args-copy
 * Class: unpolled C builtins
 * Tries: hold the host with a bound function's bound arguments: `h.bind(undefined, ...a)` of
 *   24,000 numbers is made once (its spread charged by the array's length, as it should be),
 *   then every later call calls it 60,000 times. Each call copies the 24,000 bound arguments
 *   onto the stack in C (QuickJS js_call_bound_function; V8's CallBoundFunction builtin) and the
 *   callee's rest parameter copies them again into an array, for the ticks (or fuel units) of one
 *   call and one loop iteration: nothing charges a bound function's arguments when it is called
 *   (the prelude charges apply, Reflect.apply and Reflect.construct by their list, a spread by
 *   its iterator; bind itself is charged nothing in QuickJS, and by its name in V8).
 * Defence: a bind is refused past 64 bound arguments, a bound target's counted in and each bind
 *   in a chain one more (sandbox/limits.ts MAX_BOUND_ARGUMENTS; the prelude's bind in QuickJS,
 *   sandbox/native/bounded-strings.ts in V8): the bind of 24,000 is a RangeError, which the
 *   handler does not catch. A bound, not a charge at each call: a wrapper would cost every call
 *   of every bound function. Each bind counts one more because a chain copies at each level in
 *   QuickJS: 1,200 zero-argument binds deep, called 200,000 times, took 773 ms for the budget's
 *   100 polls (a /tmp probe).
 * Found (redteam18q, 2026-12-02, `spin exercise run findings/bound-args-copy.ts --mode all
 *   --json --timing`, four runs): typed stopped: timeout (1000 ms at the handler, 44:5), the
 *   host watchdog killed a call (1,078-1,288 ms); sfi stopped: sfi check (51:50, the call of a
 *   bound function is an indirect call outside the function table); native ESCAPED (held
 *   thread) in two runs of four and server in one: "kernel down: ... held the kernel inside a
 *   builtin that cannot be interrupted ... did not stop within 5000 ms of being terminated; no
 *   report", the host not alive; in the other runs stopped: timeout (a call killed). So two runs
 *   of the matrix also differ. Probes: the native VM, in a
 *   worker of its own, calling `h0.bind(undefined, ...24,000 numbers)` (no rest parameter, ~9 us
 *   a call) in a loop, was not stopped by worker.terminate() within 5 s; with 1,000 bound
 *   arguments the same loop ran to its budget (191 ms). Plain Node 20, no realm, no fuel pass
 *   (/tmp probes, a worker looping over `g()` where g binds 24,000 numbers to
 *   `function h0(a) { if (--fuel < 0) throw 1; return a; }`): worker.terminate() took 5.8, 4.4
 *   and 8.4 s (three runs) and 2.0 s once; with 1,000 bound arguments, or the same 24,000 passed
 *   by spread or apply, or a target without the throw, ~25-90 ms. So V8 itself is slow to act
 *   on a termination in this loop (mechanism not found), past the placements' 5 s backstop. QuickJS: 20,000 calls of a 16,000-argument bound
 *   function, 369 ms for 16 polls.
 * After (boundoom18): contained: exception in all four, the call of the bind (55:23; 55:19 in
 *   V8), longest calls 40-375 ms.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

function h(...xs: number[]): number {
  return xs.length;
}

let bound: ((...xs: number[]) => number) | undefined;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (bound === undefined) {
        const a: number[] = [];
        for (let i = 0; i < 24_000; i++) a.push(i);
        bound = h.bind(undefined, ...a);
      } else {
        const g = bound;
        for (let i = 0; i < 60_000; i++) sink += g();
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
