/**
 * Code frames for diagnostics and load problems. No TypeScript import: the simulation worker
 * (extensions/loader/supervised-worker.ts) loads the loader's errors without the compiler.
 */
import { visibleLines } from "./visible.js";

/** Widest source line a code frame shows. */
const FRAME_WIDTH = 240;

/** Build a two-line code frame: `  12 | text` and a caret line. */
export function codeFrame(sourceText: string, line: number, column: number, length = 1): string | undefined {
  const lines = sourceText.split(/\r\n|\r|\n/);
  const text = lines[line - 1];
  if (text === undefined) return undefined;
  const num = String(line);
  const start = Math.max(0, column - 1);
  // A long line (minified code) is shown as a window round the column.
  const from =
    text.length > FRAME_WIDTH ? Math.max(0, Math.min(start - FRAME_WIDTH / 2, text.length - FRAME_WIDTH)) : 0;
  const to = Math.min(text.length, from + FRAME_WIDTH);
  const before = from > 0 ? "…" : "";
  const after = to < text.length ? "…" : "";
  // Control characters are shown escaped (visibleLines), tabs kept so the caret lines up under
  // tab-indented code; the caret is placed under the escaped text.
  const shown = `${before}${visibleLines(text.slice(from, to))}${after}`;
  const lead = `${before}${visibleLines(text.slice(from, Math.max(from, start)))}`.replace(/[^\t]/g, " ");
  const width = Math.max(1, visibleLines(text.slice(start, Math.min(to, start + length))).length);
  return `${num} | ${shown}\n${" ".repeat(num.length)} | ${lead}${"^".repeat(width)}`;
}
