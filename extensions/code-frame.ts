/** Code frames for diagnostics and load problems (no TypeScript import: the simulation worker uses it too). */

/** Build a two-line code frame: `  12 | text` and a caret line. */
export function codeFrame(sourceText: string, line: number, column: number, length = 1): string | undefined {
  const lines = sourceText.split(/\r\n|\r|\n/);
  const text = lines[line - 1];
  if (text === undefined) return undefined;
  const num = String(line);
  // Keep tabs so the caret lines up under tab-indented code.
  const lead = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, " ");
  const width = Math.max(1, Math.min(length, text.length - (column - 1)));
  return `${num} | ${text}\n${" ".repeat(num.length)} | ${lead}${"^".repeat(width)}`;
}
