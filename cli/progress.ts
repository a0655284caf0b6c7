/**
 * A progress bar on a terminal for long runs; nothing at all when stderr is not a terminal.
 *
 * The bar changes no terminal mode: it neither hides the cursor nor turns line wrapping off (it
 * cuts its line to the terminal's width instead). A run is synchronous, so a signal handler
 * could not run before the process dies on Ctrl-C; a bar that switched modes would leave the
 * terminal without a cursor. With no mode switched, every exit path (Ctrl-C, SIGTERM, a crash)
 * leaves the terminal as it found it.
 */
import cliProgress from "cli-progress";
import { visible } from "../extensions/visible.js";

const WORTH_SHOWING = 500_000;

/** What the bar writes to: process.stderr, or a stand-in in tests. */
export type ProgressStream = Pick<NodeJS.WriteStream, "write" | "isTTY" | "columns">;

export function progressReporter(
  label: string,
  stream: ProgressStream = process.stderr,
): { onProgress?: (done: number, total: number) => void; stop: () => void } {
  if (!stream.isTTY) return { stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress(done, total) {
      if (total < WORTH_SHOWING) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            // The label is the scenario's name, from the file: shown escaped and short.
            format: `${visible(label, 40).replace(/[{}]/g, "")} [{bar}] {percentage}% | {value}/{total} ops | eta {eta}s`,
            hideCursor: false,
            linewrap: true,
            gracefulExit: false,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(Math.min(done, total));
    },
    stop() {
      bar?.stop();
    },
  };
}
