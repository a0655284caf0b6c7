/**
 * EXERCISE: join-under-free-result
 * Class: unpolled C builtins
 * Tries: hold the host in Array.prototype.join with few, long elements: four references to a
 *   65,000-character string joined 40,000 times a call, each join a copy of 260,000 characters
 *   in C. The prelude charges join by its element count (4: under FREE, nothing) and the string
 *   it returns a tick per 64 characters only past FREE x CHARS_PER_TICK (262,144 characters), so
 *   each copy is charged nothing beyond the call's tick: a string result is free up to 262,144
 *   characters at every call (findings/function-source-copy.ts is the same threshold).
 * Defence: the prelude's free size is an allowance of the handler call (4,096 ticks: elements
 *   walked, a tick per 64 characters of a string result, JSON's visits), shared by every charged
 *   builtin it calls, not one per builtin call; the SFI runtime's 262,144 free characters of
 *   `+` likewise. So the joins' results are charged from the first past the allowance, and the
 *   budget, not the deadline, ends the loop. Before (red team 18, `spin exercise run
 *   findings/join-under-free-result.ts --mode all --json --timing`): typed stopped: timeout (1000
 *   ms at the join, 27:40; a soft timeout, 1,013 ms); sfi stopped: budget, but after an 837 ms
 *   call; native and server stopped: budget. With 16,000 joins a call typed ran 905 ms calls and
 *   sfi 190 ms calls with no stop at all (ESCAPED: nothing charged, under the deadline).
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

let part = "";
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (part.length === 0) part = "x".repeat(65_000);
      const parts = [part, part, part, part];
      for (let i = 0; i < 40_000; i++) sink += parts.join("").length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
