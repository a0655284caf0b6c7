/**
 * `spin exercise`: security exercises with a containment matrix.
 *   spin exercise list
 *   spin exercise run [name...] [--mode typed|sfi|both] [--json]
 *   spin exercise new <name>
 * `run` exits 1 if any attack ESCAPED, a check failed or the host did not survive. What each
 * does is cli/actions/exercise.ts, loaded when it runs.
 */
import { Option, type Command } from "commander";
import { MODE_NAMES } from "../../extensions/loader/mode-names.js";
import { ALL_MODES, type ExerciseRunFlags } from "../flags.js";

export function registerExercise(program: Command, out: (text: string) => void): void {
  const cmd = program
    .command("exercise")
    .description("security exercises: attacks on the extension system and the containment matrix");
  cmd
    .command("list")
    .description("every exercise: its attack class, what it tries, the defence expected to stop it")
    .action(async () => {
      const { exerciseListAction } = await import("../actions/exercise.js");
      exerciseListAction(out);
    });
  cmd
    .command("run")
    .description("run exercises (default: all) and print the containment matrix: attack × mode → where it was stopped")
    .argument("[names...]", "exercise names (see spin exercise list)")
    .addOption(
      new Option("--mode <mode>", `one execution mode, or ${ALL_MODES} (default: every mode)`).choices([
        ...MODE_NAMES,
        ALL_MODES,
      ]),
    )
    .option("--json", "the matrix as JSON")
    .option(
      "--timing",
      "include host times: each cell's, and the longest guest call of each row (they differ from run to run)",
    )
    .action(async (names: string[], flags: ExerciseRunFlags) => {
      const { exerciseRunAction } = await import("../actions/exercise.js");
      await exerciseRunAction(names, flags, out);
    });
  cmd
    .command("new")
    .description("write a template exercise to examples/exercises/<name>.ts")
    .argument("<name>", "kebab-case name of the attack")
    .option("--dir <dir>", "folder to write to (default: this package's examples/exercises)")
    .action(async (name: string, flags: { dir?: string }) => {
      const { exerciseNewAction } = await import("../actions/exercise.js");
      exerciseNewAction(name, flags, out);
    });
}
