/**
 * `spin exercise`: security exercises with a containment matrix.
 *   spin exercise list [--dir <dir>] [--width <columns> | --wide] [--json]
 *   spin exercise run [name or file...] [--dir <dir>] [--mode typed|sfi|native|server|all|both] [--json] [--timing]
 *   spin exercise new <name> [--dir <dir>]
 * `run` exits 1 if any attack ESCAPED, a check failed or the host did not survive. What each
 * does is cli/actions/exercise.ts, loaded when it runs.
 */
import { Option, type Command } from "commander";
import { MODE_NAMES } from "../../extensions/loader/mode-names.js";
import { ALL_MODES, QUICKJS_MODES, type ExerciseListFlags, type ExerciseRunFlags } from "../flags.js";
import { parseInteger } from "../user-error.js";

export function registerExercise(program: Command, out: (text: string) => void): void {
  const cmd = program
    .command("exercise")
    .description("security exercises: attacks on the extension system and the containment matrix");
  cmd
    .command("list")
    .description("every exercise: its attack class, what it tries, the defence expected to stop it")
    .option("--dir <dir>", "list the exercises of this folder (default: this package's examples/exercises)")
    .option(
      "--width <columns>",
      "fit the table to this many columns (default: the terminal's width)",
      parseInteger("width", 20, 1000),
    )
    .option("--wide", "the full table, however wide (the default when the output is not a terminal)")
    .option("--json", "every exercise's header as JSON")
    .action(async (flags: ExerciseListFlags) => {
      const { exerciseListAction } = await import("../actions/exercise.js");
      exerciseListAction(flags, out);
    });
  cmd
    .command("run")
    .description("run exercises (default: all) and print the containment matrix: attack × mode → where it was stopped")
    .argument(
      "[exercises...]",
      "exercise names (see spin exercise list), or exercise files by their path (./my-attack.ts)",
    )
    .option("--dir <dir>", "take the exercise names from this folder (default: this package's examples/exercises)")
    .addOption(
      new Option(
        "--mode <mode>",
        `one placement, ${ALL_MODES} of them, or ${QUICKJS_MODES} QuickJS placements (typed, sfi) (default: ${ALL_MODES})`,
      ).choices([...MODE_NAMES, ALL_MODES, QUICKJS_MODES]),
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
