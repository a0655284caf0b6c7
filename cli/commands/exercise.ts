/**
 * `spin exercise`: security exercises with a containment matrix.
 *   spin exercise list
 *   spin exercise run [name...] [--mode typed|sfi|both] [--json]
 *   spin exercise new <name>
 * `run` exits 1 if any attack ESCAPED, a check failed or the host did not survive.
 */
import fs from "node:fs";
import path from "node:path";
import { Option, type Command } from "commander";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import {
  ExerciseFormatError,
  cellFailed,
  exerciseTemplate,
  exercisesDir,
  loadCatalogue,
  parseExercise,
  runMatrix,
  type Exercise,
  type ModeName,
} from "../../extensions/exercise/index.js";
import { ExtensionInputError } from "../../extensions/loader/index.js";
import { closestName } from "../../kernel/did-you-mean.js";
import { MODE_NAMES } from "../../extensions/loader/modes.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { formatComparison } from "../../render/extension-report.js";
import { formatList, formatMatrix, listJson, matrixJson } from "../../render/exercise-matrix.js";
import { UsageError, parseInteger } from "../user-error.js";
import { writeNewFile } from "./init.js";

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

interface RunFlags {
  mode?: string;
  json?: boolean;
  timing?: boolean;
}

/** `--mode` of `spin exercise run`: one mode of the registry, or all of them. */
const ALL_MODES = "both";

function resolveModes(flag: string | undefined): readonly ModeName[] {
  return flag === undefined || flag === ALL_MODES ? MODE_NAMES : MODE_NAMES.filter((m) => m === flag);
}

/** An argument of `run` that names a file (`my-attack.ts`, `../x/y.ts`) rather than an exercise of the catalogue. */
const isPath = (arg: string): boolean => arg.endsWith(".ts") || arg.includes("/") || arg.includes(path.sep);

/**
 * The exercises `run` was asked for: names of the catalogue (this package's, or `--dir`'s), and
 * exercise files named by their path, wherever they are. A bad header is a usage error.
 */
function chooseExercises(args: readonly string[], dir: string | undefined): Exercise[] {
  if (dir !== undefined && !isFolder(dir)) throw new UsageError(`--dir: ${visible(dir)} is not an existing folder`);
  const where = dir === undefined ? "spin exercise list" : `the exercises in ${visible(dir)}`;
  try {
    const names = args.filter((a) => !isPath(a));
    const all = names.length > 0 || args.length === 0 ? loadCatalogue(dir) : [];
    const unknown = names.filter((n) => !all.some((e) => e.name === n));
    if (unknown.length > 0) {
      const near =
        unknown.length === 1
          ? closestName(
              unknown[0]!,
              all.map((e) => e.name),
            )
          : undefined;
      const hint = near === undefined ? "" : `; did you mean ${visible(near)}?`;
      throw new UsageError(
        `no exercise named ${unknown.map((n) => visible(n)).join(", ")}${hint} (see ${where}; a file is named by its path, e.g. ./my-attack.ts)`,
      );
    }
    if (args.length === 0) return all;
    // Names in the catalogue's order (as before files could be named), then files as given.
    return [
      ...all.filter((e) => names.includes(e.name)),
      ...args.filter(isPath).map((a) => parseExercise(readableFile(a))),
    ];
  } catch (error) {
    if (error instanceof ExerciseFormatError || error instanceof ExtensionInputError)
      throw new UsageError(error.message);
    throw error;
  }
}

/** An exercise file named on the command line: it must exist and be a file. */
function readableFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`cannot read ${visible(file)}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${visible(file)} is not a file`);
  return path.resolve(file);
}

export async function exerciseRunCommand(
  names: string[],
  flags: RunFlags & { dir?: string },
): Promise<{ text: string; ok: boolean }> {
  const chosen = chooseExercises(names, flags.dir);
  const modes = resolveModes(flags.mode);
  try {
    const rows = await runMatrix(chosen, { modes, renderReport: formatComparison });
    const ok = rows.every((r) => Object.values(r.cells).every((c) => c === undefined || !cellFailed(c)));
    const text = flags.json
      ? jsonText(matrixJson(rows, modes, flags.timing ?? false))
      : formatMatrix(rows, modes, flags.timing ?? false);
    return { text, ok };
  } finally {
    await stopTypeCheckWorker();
  }
}

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
    .action((flags: { dir?: string; width?: number; wide?: boolean; json?: boolean }) => {
      if (flags.dir !== undefined && !isFolder(flags.dir))
        throw new UsageError(`--dir: ${visible(flags.dir)} is not an existing folder`);
      let exercises: Exercise[];
      try {
        exercises = loadCatalogue(flags.dir);
      } catch (error) {
        if (error instanceof ExerciseFormatError) throw new UsageError(error.message);
        throw error;
      }
      if (flags.json) return out(jsonText({ exercises: listJson(exercises) }));
      const terminal = process.stdout.isTTY ? process.stdout.columns : undefined;
      const width = flags.wide ? undefined : (flags.width ?? terminal);
      out(formatList(exercises, width === undefined ? {} : { width }));
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
    .action(async (names: string[], flags: RunFlags & { dir?: string }) => {
      const r = await exerciseRunCommand(names, flags);
      out(r.text);
      if (!r.ok) process.exitCode = EXIT.kernelCheckFailed;
    });
  cmd
    .command("new")
    .description("write a template exercise to examples/exercises/<name>.ts")
    .argument("<name>", "kebab-case name of the attack")
    .option("--dir <dir>", "folder to write to (default: this package's examples/exercises)")
    .action((name: string, flags: { dir?: string }) => {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
        throw new UsageError(`exercise names are kebab-case (a-z, 0-9, -), got ${JSON.stringify(name)}`);
      const dir = flags.dir ?? exercisesDir();
      if (!isFolder(dir)) throw new UsageError(`--dir: ${visible(dir)} is not an existing folder; create it first`);
      const file = path.join(dir, `${name}.ts`);
      if (fs.existsSync(file)) throw new UsageError(`${visible(file)} already exists`);
      writeNewFile(file, exerciseTemplate(name));
      const run = flags.dir === undefined ? name : visible(file);
      out(`wrote ${visible(file)}\nfill in its header and attack, then: spin exercise run ${run}`);
    });
}
