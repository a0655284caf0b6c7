/**
 * EXERCISE: frame-name-forge
 * Class: report forgery
 * Tries: place its fault where it says, through the name of a function on the stack. QuickJS
 *   writes a frame as `    at <name> (<file>:<line>:<col>)`, the name read from the function's
 *   own `name`, which a property key sets to any string: a method named `x (<position>)`, a line
 *   break and `    at y`, makes the engine throw (JSON.parse of a text that is not JSON), and
 *   the stack QuickJS writes for the error starts with a line that reads like a frame at the
 *   position the name gives: the JavaScript position, in typed's numbering, of the decoy `new
 *   Error` (line 29), which the author learns by running the extension once (the handler logs
 *   it). In sfi a getter with a computed name does the same from the position it reads at run
 *   time (tried, not kept here: typed's verifier refuses a computed key).
 * Defence: none in QuickJS (open): the stack is the one QuickJS wrote, kept as it was made, but
 *   its text carries names the extension chose, and no parse of the text tells a frame from a
 *   name that reads like one. Typed places the fault at the decoy (29:26); sfi, whose numbering
 *   differs, wherever the name's position maps in it (1:1, this comment). Native and server
 *   place a fault by the frames V8 gave (CallSites: script, line, column), never by the text:
 *   at the JSON.parse (37:33). Closing it needs names that cannot break a line: refused
 *   where a key gives a function its name (typed: literal keys; sfi: computed keys, symbols'
 *   descriptions, a class's static `name`), then a frame's position read at the end of its line.
 * Expected: contained: exception
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const LOCATION = /\(([^()\s]+:\d+:\d+)\)/;

/** The JavaScript position of this line's `new Error`, as QuickJS's stacks name it. */
function decoyLocation(): string {
  const stack = new Error("decoy").stack ?? "";
  const m = LOCATION.exec(stack);
  return m === null || m[1] === undefined ? "" : m[1];
}

// 201:28: typed's runtime (172 lines, sandbox/guest/sfi-runtime.js), then line 29 as transpiled.
const named = {
  "x (frame-name-forge.js:201:28)\n    at y"(text: string): unknown {
    const value: unknown = JSON.parse(text);
    return value;
  },
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log(decoyLocation());
      named["x (frame-name-forge.js:201:28)\n    at y"](args.resident.length > 0 ? "{" : "null");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
