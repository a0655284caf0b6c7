/**
 * EXERCISE: log-position-forge
 * Class: report forgery
 * Tries: write log lines whose text names a place they were not written at (another file's
 *   `file:line:col`), from a helper two calls down: a report that shows no position of its own
 *   for a line leaves the reader the line's own claim. Before the fix a server's lines had none:
 *   its replies carried their text only (sandbox/server/protocol.ts), so `spin load --mode
 *   server` printed them unplaced, where the other placements print `file:line:col`.
 * Defence: every placement records where each kept line was written, from the call stack, in
 *   the extension's own file (typed and sfi: QuickJS's stack; native: V8's, less the frame's
 *   lines; server: the same, sent with the line and read as untrusted data, positions of
 *   positive integers only). The report places each line at its kernel.log call; the text is
 *   escaped as any guest string.
 * Expected: contained: logs-placed
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

function say(message: string): void {
  kernel.log(`examples/pagers/clock.ts:1:1: ${message}`);
}

function report(frame: number): void {
  say(`the kernel chose frame ${frame}`);
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      report(first.frame);
      return { victim: first.frame };
    },
  },
});
