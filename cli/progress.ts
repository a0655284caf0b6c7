/** A progress bar on a terminal for long runs; nothing at all when stderr is not a terminal. */
import cliProgress from "cli-progress";
import { visible } from "../extensions/visible.js";

const WORTH_SHOWING = 500_000;

export function progressReporter(label: string): { onProgress?: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress(done, total) {
      if (total < WORTH_SHOWING) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${visible(label, 60)} [{bar}] {percentage}% | {value}/{total} ops | eta {eta}s`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
