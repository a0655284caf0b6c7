/**
 * EXERCISE: frame-name-forge
 * Class: report forgery
 * Tries: place its fault where it says, through the name of a function on the stack. QuickJS
 *   writes a frame as `    at <name> (<file>:<line>:<col>)`, the name read from the function's
 *   own `name`, which a property key sets to any string: a method named `x (<position>)`, a line
 *   break and `    at y` makes the engine throw (JSON.parse of a text that is not JSON), and the
 *   stack QuickJS writes for the error starts with a line that reads like a frame at the
 *   position the name gives: the JavaScript position of the decoy `new Error` (line 27), which
 *   the author learns by running the extension once (decoyLocation() reads it).
 * Defence: TODO
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

const named = {
  "x (frame-name-forge.js:192:28)\n    at y"(text: string): unknown {
    const value: unknown = JSON.parse(text);
    return value;
  },
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log(decoyLocation());
      named["x (frame-name-forge.js:192:28)\n    at y"](args.resident.length > 0 ? "{" : "null");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
