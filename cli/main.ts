/**
 * The `spin` command line: the only module that knows about the terminal, argv and exit codes.
 * A user's mistake is printed as one message and exit code 2 (or 3 for a rejected extension);
 * only our own bugs print a stack. Everything written to stdout and stderr passes through
 * `visibleLines` last (extensions/visible.ts): whatever a formatter forgot, no raw control
 * character reaches the terminal.
 */
import fs from "node:fs";
import { Command, CommanderError } from "commander";
import { HELD_AFTER_MS, heldThreads } from "../sandbox/held-threads.js";
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
  await endHardIfHeld();
  return failed !== undefined && code === EXIT.ok ? failed : code;
}

/**
 * A thread that did not stop when terminated (sandbox/held-threads.ts) would keep this process
 * from ever exiting (Node's exit waits for every worker thread): say so, then end the process
 * with SIGKILL, which waits for nothing (exit status 137 in a shell). A backstop for this process's
 * own threads: runs with a V8 placement, the ones that can hold a thread, run in a process of
 * their own (extensions/loader/host-process.ts), which is killed instead.
 */
async function endHardIfHeld(): Promise<void> {
  const held = await heldThreads();
  if (held.length === 0) return;
  fs.writeSync(
    2,
    visibleLines(
      `spin: ${held.join("; ")}: still running ${HELD_AFTER_MS} ms after being terminated (held inside a builtin V8 cannot interrupt); ending the process with SIGKILL\n`,
    ),
  );
  process.kill(process.pid, "SIGKILL");
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
