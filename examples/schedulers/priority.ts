/**
 * An application-level thread scheduler: on Strand.Resume (the global scheduler gave this
 * application's strand the CPU), run the ready thread with the highest priority; threads of
 * equal priority take turns (round robin in thread-id order after the one that ran last).
 *
 * Run it:
 *   npx spin load examples/schedulers/priority.ts --scenario examples/scenarios/threads.json
 *
 * Expect: exactly the run of the built-in priority scheduler on threads.json (same simulated
 * time, faults and I/O: the test checks every total), and a different one from round robin
 * (`npx spin run examples/scenarios/threads.json --scheduler rr`). The interactive thread
 * (priority 24) runs whenever it is ready; the cruncher (8) and the background scanner (1) get
 * the CPU while it waits for its I/O. No violations; one Strand.Resume handler.
 */
import { defineExtension, type Thread } from "spin-kernel/extension";

export default defineExtension({
  name: "priority",
  handlers: {
    "Strand.Resume": (args) => {
      let highest = -Infinity;
      for (const t of args.ready) if (t.priority > highest) highest = t.priority;

      // Among the threads at the highest priority: the smallest id after `current`, else the
      // smallest id (wrap round). `ready` is never empty when the kernel asks.
      let after: Thread | undefined;
      let lowest: Thread | undefined;
      for (const t of args.ready) {
        if (t.priority < highest) continue;
        if (lowest === undefined || t.thread < lowest) lowest = t.thread;
        if (t.thread > args.current && (after === undefined || t.thread < after)) after = t.thread;
      }
      const thread = after ?? lowest;
      if (thread === undefined) throw new Error("Strand.Resume with no ready thread");
      return { thread };
    },
  },
});
