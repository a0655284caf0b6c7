/**
 * EXERCISE: throw-string
 * Class: thrown non-Error values
 * Tries: throw a string, then undefined, then a number: values with no stack, no message, no
 *   prototype the host could rely on.
 * Defence: the sandbox describes whatever was thrown inside the guest (under budget) and the
 *   dispatcher turns it into an `exception` violation; the default policy decides.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const calls = { n: 0 };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.n++;
      if (calls.n % 3 === 1) throw `no victim for ${args.vpn}`;
      if (calls.n % 3 === 2) throw undefined;
      throw calls.n;
    },
  },
});
