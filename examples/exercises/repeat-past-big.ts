/**
 * EXERCISE: repeat-past-big
 * Class: unpolled C builtins
 * Tries: hold the host in QuickJS's String.prototype.repeat and padEnd with a result just past
 *   the prelude's BIG (2^24 characters): `"a".repeat(17_000_000)` and `"".padEnd(17_000_000,
 *   "a")`, each made and dropped, once a call. The prelude charges repeat's and padStart/padEnd's
 *   result before they run only up to BIG ("A result longer than BIG cannot be allocated under
 *   the memory limit ... fails at once, as it should, without being charged": charge(u > BIG ?
 *   0 : u)), but QuickJS's own limit is now the VM's limit + 8 MiB (red team 16,
 *   engine.ts quickjsLimitBytes: 24 MiB under the default 16 MiB) and a Latin-1 string is a byte
 *   a character, so 17 million characters are made: string_buffer_fill writes them one by one
 *   (~1.3 s for 22 million, measured), for the call's tick and, after it returns, a tick per 64
 *   characters of the result (~27 polls).
 * Defence: repeat, padStart and padEnd charge their result's length, a tick a character, before
 *   it is made, whatever its length; only one longer than a QuickJS string may be (2^30 - 1)
 *   goes to the builtin uncharged, which refuses it at once. Native and server refuse the length
 *   by their string bound (contained: exception). Before (red team 18, `spin exercise run
 *   findings/repeat-past-big.ts --mode all --json --timing`): typed stopped: timeout (1000 ms at
 *   the handler, 27:5), the host watchdog killed a call (1,170 ms); sfi stopped: budget (29:24)
 *   but after a 905 ms call, at the edge of its deadline.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      sink += "a".repeat(17_000_000).length;
      sink += "".padEnd(17_000_000, "a").length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
