/** What `spin exercise list|run|new` do (cli/commands/exercise.ts defines their arguments). */
import fs from "node:fs";
import path from "node:path";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import {
  cellFailed,
  exerciseTemplate,
  exercisesDir,
  loadCatalogue,
  runMatrix,
  type ModeName,
} from "../../extensions/exercise/index.js";
import { MODE_NAMES } from "../../extensions/loader/modes.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { formatComparison } from "../../render/extension-report.js";
import { formatList, formatMatrix, matrixJson } from "../../render/exercise-matrix.js";
import { UsageError } from "../user-error.js";
import { ALL_MODES, type ExerciseRunFlags } from "../flags.js";
import { writeNewFile } from "./init.js";

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function resolveModes(flag: string | undefined): readonly ModeName[] {
  return flag === undefined || flag === ALL_MODES ? MODE_NAMES : MODE_NAMES.filter((m) => m === flag);
}

export function exerciseListAction(out: (text: string) => void): void {
  out(formatList(loadCatalogue()));
}

export async function exerciseRunCommand(
  names: string[],
  flags: ExerciseRunFlags,
): Promise<{ text: string; ok: boolean }> {
  const all = loadCatalogue();
  const unknown = names.filter((n) => !all.some((e) => e.name === n));
  if (unknown.length > 0)
    throw new UsageError(`no exercise named ${unknown.map((n) => visible(n)).join(", ")} (see spin exercise list)`);
  const chosen = names.length === 0 ? all : all.filter((e) => names.includes(e.name));
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
  out(`wrote ${visible(file)}\nfill in its header and attack, then: spin exercise run ${name}`);
}
