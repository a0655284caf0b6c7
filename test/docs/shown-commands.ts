/**
 * The commands a document shows with their output: every ``` block that opens with
 * `$ npx spin ...`. A block whose first output line is `…` shows only the end of a long output.
 * Shared by the README's tour and docs/LABS.md's test: each runs the commands and compares.
 */

export interface ShownCommand {
  readonly line: number;
  readonly args: readonly string[];
  readonly shown: string;
  /** The document shows only the end of the output (its first output line is `…`). */
  readonly tail: boolean;
}

const PROMPT = "$ npx spin ";
const ELLIPSIS = "…";

export function shownCommands(text: string, file: string): ShownCommand[] {
  const steps: ShownCommand[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("```") || !lines[i + 1]?.startsWith(PROMPT)) continue;
    const end = lines.indexOf("```", i + 2);
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block that does not end`);
    const command = lines[i + 1]!.slice(PROMPT.length);
    if (/["'\\$`|<>]/.test(command))
      throw new Error(`${file}:${i + 2}: the shown commands are plain words (no quoting or shell syntax): ${command}`);
    const output = lines.slice(i + 2, end);
    const tail = output[0] === ELLIPSIS;
    steps.push({
      line: i + 2,
      args: command.split(/\s+/),
      shown: `${(tail ? output.slice(1) : output).join("\n")}\n`,
      tail,
    });
    i = end;
  }
  return steps;
}
