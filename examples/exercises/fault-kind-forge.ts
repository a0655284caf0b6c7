/**
 * EXERCISE: fault-kind-forge
 * Class: report forgery
 * Tries: make the report name a fault it did not cause: each invocation throws an error dressed
 *   as one of the faults the sandbox raises itself. An SFI trap (an Error the SFI runtime names
 *   `SfiFault`: here a guest Error renamed after it was made, line 35), QuickJS's stack overflow
 *   and out of memory (a RangeError made with their messages, lines 37-38, and an error the engine
 *   made, JSON.parse's, given the message after it was caught, line 42), V8's stack overflow (a
 *   RangeError with its message, line 39).
 * Defence: a fault's kind is what the sandbox recorded, never what the thrown value says: in
 *   QuickJS an SFI trap is an error the SFI runtime made and keeps in its own map (the prelude
 *   asks the runtime, not the error's name), and a stack overflow or an out of memory is an
 *   error the engine made with that message, as it was when the extension first held it; in V8
 *   a stack overflow is the realm's RangeError V8 made, not one a constructor the extension can
 *   reach made. Every fault here is the extension's exception. Before (main at e245a68): typed
 *   and sfi reported an SFI check at line 35 (and the stack and the memory for the others), native and
 *   server a stack overflow for line 39.
 * Expected: contained: exception
 * Check: faults-as-thrown
 */
import { defineExtension } from "spin-kernel/extension";

let calls = 0;

/** An SFI trap's look: a class named after it. */
class SfiFault extends Error {
  override name = "SfiFault";
}

/** An error the engine made (a SyntaxError or a RangeError), given a message once caught. */
function engineMade(make: () => unknown, message: string): never {
  try {
    make();
  } catch (e) {
    if (e instanceof Error) e.message = message;
    throw e;
  }
  throw new Error("made nothing");
}

/** The n-th disguise, thrown. */
function disguised(n: number): void {
  switch (n % 8) {
    case 0: {
      const e = new Error("sfi: capability check failed: victim 99 is not a frame of this event's resident set");
      e.name = "SfiFault";
      throw e;
    }
    case 1:
      throw new SfiFault("sfi: fuel exhausted");
    case 2:
      throw new RangeError("stack overflow");
    case 3:
      throw new RangeError("out of memory");
    case 4:
      throw new RangeError("Maximum call stack size exceeded");
    case 5:
      return engineMade(() => JSON.parse("{"), "stack overflow");
    case 6:
      return engineMade(() => JSON.parse("{"), "out of memory");
    default:
      return engineMade(() => new Array(-n), "Maximum call stack size exceeded");
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      disguised(calls++);
      return { victim: first.frame };
    },
  },
});
