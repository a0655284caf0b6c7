/**
 * EXERCISE: frame-name-forge
 * Class: report forgery
 * Tries: place its fault where it says, through the name of a function on the stack. QuickJS
 *   writes a frame as `    at <name> (<file>:<line>:<col>)`, the name read from the function's
 *   own `name`, which a property key sets to any string: a method named `x (<position>)`, a line
 *   break and `    at y`, makes the engine throw (JSON.parse of a text that is not JSON), and
 *   the stack QuickJS writes for the error starts with a line that reads like a frame at the
 *   position the name gives: the JavaScript position, in typed's numbering, of the decoy `new
 *   Error` (line 35), which the author learns by running the extension once (the handler logs
 *   it). In sfi a getter with a computed name does the same from the position it reads at run
 *   time (tried, not kept here: typed's verifier refuses a computed key).
 * Defence: in QuickJS no function's name holds a line break, and a frame's position is read at
 *   the end of its line. A literal key that names a function (a method's, an accessor's, a
 *   function's or class's it is the value of) or a class's static `name` is refused at load time
 *   when it has a line break (sfi/function-name, extensions/sfi/function-names.ts: typed and sfi;
 *   here the method on line 42); a computed one traps when it is computed (`__sfi_name`, a
 *   symbol's description too); Object.defineProperty on a function is the verifier's and SFI's
 *   already. Then every line of a QuickJS stack is one frame, and the host takes a frame's
 *   position only from the `(<file>:<line>:<col>)` that ends its line (sandbox/marshal.ts), never
 *   from a name that reads like one. Native and server place a fault by the frames V8 gave
 *   (CallSites: script, line, column), never by the text: at the JSON.parse (43:33). Before (main
 *   at e245a68): typed placed the fault at the decoy (35:26); sfi, whose numbering differs, at
 *   the handler (50:5: the name's position maps nowhere in it).
 * Expected: rejected: sfi rewrite (sfi/function-name)
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const LOCATION = /\(([^()\s]+:\d+:\d+)\)/;

/** The JavaScript position of this line's `new Error`, as QuickJS's stacks name it. */
function decoyLocation(): string {
  const stack = new Error("decoy").stack ?? "";
  const m = LOCATION.exec(stack);
  return m === null || m[1] === undefined ? "" : m[1];
}

// 207:28: typed's runtime on main at e245a68 (172 lines, sandbox/guest/sfi-runtime.js), then line 35.
const named = {
  "x (frame-name-forge.js:207:28)\n    at y"(text: string): unknown {
    const value: unknown = JSON.parse(text);
    return value;
  },
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log(decoyLocation());
      named["x (frame-name-forge.js:207:28)\n    at y"](args.resident.length > 0 ? "{" : "null");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
