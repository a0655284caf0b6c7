/** What `spin exercise list|run|new` do (cli/commands/exercise.ts defines their arguments). */
import fs from "node:fs";
import path from "node:path";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import {
  cellFailed,
  exerciseTemplate,
  exercisesDir,
  loadCatalogue,
  parseExercise,
  runMatrix,
  type Exercise,
  type ModeName,
} from "../../extensions/exercise/index.js";
import { ExtensionInputError } from "../../extensions/loader/errors.js";
import { closestName } from "../../kernel/did-you-mean.js";
import { MODE_NAMES, PLACEMENTS } from "../../extensions/loader/modes.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { formatComparison } from "../../render/extension-report.js";
import { formatList, formatMatrix, listJson, matrixJson } from "../../render/exercise-matrix.js";
import { setOutputWidth } from "../../render/width.js";
import { UsageError } from "../user-error.js";
import { ALL_MODES, QUICKJS_MODES, type ExerciseListFlags, type ExerciseRunFlags } from "../flags.js";
import { writeNewFile } from "./init.js";

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function resolveModes(flag: string | undefined): readonly ModeName[] {
  if (flag === undefined || flag === ALL_MODES) return MODE_NAMES;
  if (flag === QUICKJS_MODES) return MODE_NAMES.filter((m) => PLACEMENTS[m].engine === "quickjs");
  return MODE_NAMES.filter((m) => m === flag);
}

export function exerciseListAction(flags: ExerciseListFlags, out: (text: string) => void): void {
  if (flags.dir !== undefined && !isFolder(flags.dir))
    throw new UsageError(`--dir: ${visible(flags.dir)} is not an existing folder`);
  const exercises = loadCatalogue(flags.dir);
  if (flags.json) return out(jsonText({ exercises: listJson(exercises) }));
  const terminal = process.stdout.isTTY ? process.stdout.columns : undefined;
  const width = flags.wide ? undefined : (flags.width ?? terminal);
  // --width and --wide say the width of every table here, whatever the terminal's.
  if (flags.wide || flags.width !== undefined) setOutputWidth(width);
  out(formatList(exercises, width === undefined ? {} : { width }));
}

/** An argument of `run` that names a file (`my-attack.ts`, `../x/y.ts`) rather than an exercise of the catalogue. */
const isPath = (arg: string): boolean => arg.endsWith(".ts") || arg.includes("/") || arg.includes(path.sep);

/**
 * The exercises `run` was asked for: names of the catalogue (this package's, or `--dir`'s), in
 * its order, then exercise files named by their path, wherever they are.
 */
function chooseExercises(args: readonly string[], dir: string | undefined): Exercise[] {
  if (dir !== undefined && !isFolder(dir)) throw new UsageError(`--dir: ${visible(dir)} is not an existing folder`);
  const where = dir === undefined ? "spin exercise list" : `the exercises in ${visible(dir)}`;
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
  try {
    return [
      ...all.filter((e) => names.includes(e.name)),
      ...args.filter(isPath).map((a) => parseExercise(readableFile(a))),
    ];
  } catch (error) {
    if (error instanceof ExtensionInputError) throw new UsageError(error.message);
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
  args: string[],
  flags: ExerciseRunFlags,
): Promise<{ text: string; ok: boolean }> {
  const chosen = chooseExercises(args, flags.dir);
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

export async function exerciseRunAction(
  names: string[],
  flags: ExerciseRunFlags,
  out: (text: string) => void,
): Promise<void> {
  const r = await exerciseRunCommand(names, flags);
  out(r.text);
  if (!r.ok) process.exitCode = EXIT.kernelCheckFailed;
}

export function exerciseNewAction(name: string, flags: { dir?: string }, out: (text: string) => void): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
    throw new UsageError(`exercise names are kebab-case (a-z, 0-9, -), got ${JSON.stringify(name)}`);
  const dir = flags.dir ?? exercisesDir();
  if (!isFolder(dir)) throw new UsageError(`--dir: ${visible(dir)} is not an existing folder; create it first`);
  const file = path.join(dir, `${name}.ts`);
  if (fs.existsSync(file)) throw new UsageError(`${visible(file)} already exists`);
  writeNewFile(file, exerciseTemplate(name));
  const run = flags.dir === undefined ? name : visible(file);
  out(`wrote ${visible(file)}\nfill in its header and attack, then: spin exercise run ${run}`);
}
