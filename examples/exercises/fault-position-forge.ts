/**
 * EXERCISE: fault-position-forge
 * Class: report forgery
 * Tries: place its own fault somewhere else in the report. In the V8 placements a thrown
 *   Error's position is the first `<file>.js:<line>:<col>` the sandbox's regex finds in the
 *   error's stack (sandbox/native/native-vm.ts positionIn), and a stack starts with the
 *   error's header, `${name}: ${message}`: guest text. The handler reads its own stack once to
 *   learn how its lines are shifted in the native frame (a `new Error().stack` at a known line),
 *   then throws an Error whose message names another line of its file in that form: the report
 *   says the exception was thrown at the decoy (line 27, a regex's `exec`, which never throws),
 *   not at the `throw` (line 40). log-position-forge's fault twin: the kernel.log positions were
 *   fixed to come from the call's frames, the fault positions still read the header.
 * Defence: native and server place a fault by the frames V8 gave when it wrote the stack (its
 *   CallSites' script, line and column, recorded by the realm's prepareStackTrace,
 *   sandbox/native/bounded-stacks.ts), never by the stack's text, whose header is the guest's
 *   message and whose frames are named by the guest; a thrown value whose stack the realm did
 *   not write has no position. Before (redteam9): native, server placed it at 27:3 (the decoy);
 *   typed and sfi at 40:22 (the throw). The matrix cannot flag a wrong position (no check
 *   compares it with the throw's); test/sandbox/log-position.test.ts does.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

/** The line of this frame in the sandbox's own stack (the `new Error` is on line 26). */
function stackLineOfThis(): number {
  const stack = new Error("probe").stack ?? "";
  const m = /fault-position-forge\.js:(\d+):\d+/.exec(stack);
  return m === null ? -1 : Number(m[1]);
}

function decoy(): number {
  return 0;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": () => {
      // The decoy: line 27 (the regex in stackLineOfThis), the line after the probe's.
      const decoyLine = stackLineOfThis() + 1 + decoy();
      throw new Error(`decoy at fault-position-forge.js:${decoyLine}:10`);
    },
  },
});
