/**
 * EXERCISE: read-foreign-pages
 * Class: reading another application's pages
 * Tries: read the other application's memory: import a page-reading call (`readPage`) from the
 *   extension API, and ask for a frame's contents by number.
 * Defence: there is no such API: the type check refuses the import (the extension API exports
 *   no call that reads memory, and the only module is spin-kernel/extension). The sandbox
 *   exposes nothing else: its only host calls are log and the simulated clock.
 * Expected: rejected: type check (TS2305)
 * Expected-sfi: rejected: load
 */
import { defineExtension, readPage } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const secret: unknown = readPage(0);
      const first = args.resident[secret === undefined ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
