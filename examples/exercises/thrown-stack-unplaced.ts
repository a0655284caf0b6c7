/**
 * EXERCISE: thrown-stack-unplaced
 * Class: report forgery
 * Tries: leave its faults unplaced, or placed where it says. A fault's position is read from the
 *   thrown error's stack as the engine wrote it; a value whose stack the engine did not write
 *   has none. Every other call throws an object with a `stack` of its own (a text naming a
 *   decoy line of this file) or an Error whose `stack` it replaced with that text before
 *   anything read it, both from the same `throw` (in thrower).
 * Defence: every `throw` records its value and its site (extensions/sfi/passes/throws.ts, in
 *   the fuel pass's rewrite of every placement: the V8 placements' frame and the SFI runtime
 *   keep the last one). Native and server place a value whose stack the realm did not write at
 *   the throw that threw it; typed and sfi place any value a throw statement threw there (the
 *   prelude asks the SFI runtime), never by a `stack` the value carries. Before (main at
 *   19c3450): every placement placed both calls' faults at the handler (its first line), with
 *   no position of their own; typed and sfi read the replaced stack's text for one (its decoy line, in the
 *   JavaScript's numbering, mapped to no line of this file: a decoy naming a mapped line was
 *   where they placed it). test/sandbox/log-position.test.ts checks each kind of throw's
 *   position in every placement.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const DECOY = "    at decoy (thrown-stack-unplaced.js:3:1)\n    at decoy (thrown-stack-unplaced.ts:3:1)\n";

let calls = 0;

function failure(): unknown {
  calls++;
  if (calls % 2 === 1) return { name: "Error", message: "an object with a stack", stack: DECOY };
  const e = new Error("an error whose stack was replaced");
  e.stack = DECOY;
  return e;
}

/** A frame between the handler and the throw, so that the handler's own position is not the throw's. */
function thrower(): never {
  const value = failure();
  // The throw: a fault placed anywhere else is unplaced, or placed where the guest said.
  throw value;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined || args.resident.length > 0) thrower();
      return { victim: first.frame };
    },
  },
});
