/**
 * EXERCISE: log-via-bound-iterator
 * Class: report forgery
 * Tries: a bound kernel.log as an iterator's `next` in a for-of (`kernel.log.bind(null, "x")`),
 *   as its `return` in an array destructuring (`kernel.log.call.bind(kernel.log, null)`, kernel.log
 *   the receiver), and hidden in an array of the bound arguments as the `next` of a for-of
 *   (`kernel.log.apply.bind(kernel.log.apply, kernel.log.call, [kernel.log, [null, "x"]])`).
 *   QuickJS places a line the for-of's or the destructuring's step writes at the body's last
 *   recorded position, which the guest arranges: no site of call-marks.ts logMarks is there.
 * Defence: Function.prototype.bind refuses kernel.log as its target, its receiver, or a value
 *   reachable in its bound arguments (sandbox/guest/prelude.js and sandbox/native/
 *   bounded-strings.ts refuseBoundLog): "kernel.log cannot be bound".
 * Found (bindlog18, 2026-12-02, before bind refused kernel.log): ESCAPED (logs-placed) ×4 (typed
 *   and sfi: 16 of 64 lines placed; native and server: 10 of 20). After: each placement
 *   contained: exception (the first refusal, rethrown once every form was tried).
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

type Step = () => IteratorResult<number>;
const steps: Step[] = [];
const wider: (Step | ((...args: never[]) => unknown))[] = steps;
// apply as a function whose `this` is unknown (bind's typing of apply's own overloads refuses it).
type Loose = (this: unknown, ...args: unknown[]) => unknown;
const applies: Loose[] = [];
const widerApplies: (Loose | typeof kernel.log.apply)[] = applies;
let sink = 0;

function iterable(next: Step, ret: Step | undefined): Iterable<number> {
  return { [Symbol.iterator]: () => (ret === undefined ? { next } : { next, return: ret }) };
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const refused: unknown[] = [];
      steps.length = 0;
      if (applies.length === 0) widerApplies.push(kernel.log.apply);
      const loose = applies[0];
      if (loose === undefined) throw new Error("no apply");
      const forms: (() => (...args: never[]) => unknown)[] = [
        () => kernel.log.bind(null, "next"),
        () => kernel.log.call.bind(kernel.log, null),
        () => kernel.log.apply.bind(loose, kernel.log.call, [kernel.log, [null, "hidden"]]),
      ];
      for (const make of forms) {
        try {
          wider.push(make());
        } catch (e) {
          refused.push(e);
        }
      }
      const honest: Step = () => ({ value: 1, done: false });
      const [asNext, asReturn, hidden] = steps;
      try {
        if (asNext !== undefined) for (const x of iterable(asNext, undefined)) sink += x;
      } catch {
        sink++;
      }
      try {
        if (asReturn !== undefined) {
          const [a] = iterable(honest, asReturn);
          sink += a ?? 0;
        }
      } catch {
        sink++;
      }
      try {
        if (hidden !== undefined) for (const x of iterable(hidden, undefined)) sink += x;
      } catch {
        sink++;
      }
      if (refused.length > 0) throw refused[0];
      return { victim: first.frame };
    },
  },
});
