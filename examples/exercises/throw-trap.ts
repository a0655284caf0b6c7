/**
 * EXERCISE: throw-trap
 * Class: thrown non-Error values
 * Tries: throw an object whose `message`, `name` and `stack` are getters that never return,
 *   so that describing the error (for the report) hangs whoever does it.
 * Defence: thrown values are described by the sandbox's prelude *inside the guest*, under the
 *   same invocation budget, never by the host.
 * Expected: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

function spin(): string {
  let n = 0;
  while (n >= 0) n++;
  return String(n);
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": () => {
      throw {
        get message(): string {
          return spin();
        },
        get name(): string {
          return spin();
        },
        get stack(): string {
          return spin();
        },
      };
    },
  },
});
