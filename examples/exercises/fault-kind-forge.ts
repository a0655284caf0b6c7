/**
 * EXERCISE: fault-kind-forge
 * Class: report forgery
 * Tries: make the report name a fault the extension did not cause: each invocation throws one
 *   dressed as a fault the sandbox raises. An SFI check's trap is an Error named `SfiFault`: a
 *   guest Error renamed (line 47), a class of that name (28); QuickJS's stack overflow and out
 *   of memory are errors with those messages: a RangeError made with one (53, 55), an error the
 *   engine made, given one once caught (59, 61); V8's stack overflow likewise (57, 63).
 * Defence: a fault's kind is where the sandbox recorded it, never the thrown value's name or
 *   message. In QuickJS an SFI check's fault is an error the SFI runtime made and keeps (the
 *   prelude asks it: guardResults' `trapped`), a stack overflow or an out of memory an error no
 *   constructor of the extension's made, with the message the engine gave it (kept when the
 *   extension first held it: a catch clause, a rejection callback). In V8 (native, server) a
 *   stack fault is the call-depth bound's: a RangeError, whatever its message, is the
 *   extension's exception (V8 overflows a builtin's recursion into an exception it could catch).
 *   Before (main at e245a68): in typed and sfi 4 faults, none an exception (2 SFI checks, a stack
 *   fault, then a memory fault that retired the VM: unloaded); in native and server 2 of 10 were
 *   stack faults: faults-as-thrown failed in all four.
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
