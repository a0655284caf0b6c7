/**
 * The `spin` command line: the only module that knows about the terminal, argv and exit codes.
 * A user's mistake is printed as one message and exit code 2 (or 3 for a rejected extension);
 * only our own bugs print a stack. Everything written to stdout and stderr passes through
 * `visibleLines` last (extensions/visible.ts): whatever a formatter forgot, no raw control
 * character reaches the terminal.
 */
import { Command, CommanderError } from "commander";
import { visibleLines } from "../extensions/visible.js";
import { setOutputWidth } from "../render/width.js";
import { commands } from "./commands/index.js";
import { EXIT, EXIT_CODES_HELP } from "./exit-codes.js";
import { guardOutput, outputFailure } from "./output.js";
import { classify } from "./user-error.js";

export function buildProgram(out: (text: string) => void): Command {
  const program = new Command();
  program
    .name("spin")
    .description(
      "A simulated SPIN-style extensible kernel: run workloads, load TypeScript extensions into a sandbox, measure them.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(visibleLines(s)),
      writeErr: (s) => process.stderr.write(visibleLines(s)),
    })
    .addHelpText("after", `\n${EXIT_CODES_HELP}`);
  for (const register of commands) register(program, out);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  guardOutput();
  // Tables fit the terminal they are shown in; a file or a pipe gets them whole.
  setOutputWidth(process.stdout.isTTY ? process.stdout.columns : undefined);
  const code = await run(argv);
  // A command that otherwise succeeded but whose output could not be written says so; a kernel
  // failure or an internal error keeps its own code.
  const failed = await outputFailure();
  return failed !== undefined && code === EXIT.ok ? failed : code;
}

async function run(argv: readonly string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(visibleLines(text.endsWith("\n") ? text : `${text}\n`));
  const program = buildProgram(out);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    const known = classify(error);
    if (known) {
      if (known.message) process.stderr.write(visibleLines(`spin: ${known.message}\n`));
      return known.code;
    }
    process.stderr.write(`spin: internal error (a bug in spin-kernel; please report it with the command you ran):\n`);
    process.stderr.write(visibleLines(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
    return EXIT.internal;
  }
}
