/**
 * `spin exercise`: security exercises with a containment matrix.
 *   spin exercise list
 *   spin exercise run [name...] [--mode typed|sfi|native|server|all|both] [--json]
 *   spin exercise new <name>
 * `run` exits 1 if any attack ESCAPED, a check failed or the host did not survive.
 */
import fs from "node:fs";
import path from "node:path";
import { Option, type Command } from "commander";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import {
  cellFailed,
  exerciseTemplate,
  exercisesDir,
  loadCatalogue,
  runMatrix,
  type ModeName,
} from "../../extensions/exercise/index.js";
import { MODE_NAMES, PLACEMENTS } from "../../extensions/loader/modes.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { formatComparison } from "../../render/extension-report.js";
import { formatList, formatMatrix, matrixJson } from "../../render/exercise-matrix.js";
import { UsageError } from "../user-error.js";
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

/**
 * `--mode` of `spin exercise run`: one placement of the registry, `all` of them, or `both`
 * QuickJS placements (typed and sfi: the two modes there were before native and server).
 */
const ALL_MODES = "all";
const QUICKJS_MODES = "both";

function resolveModes(flag: string | undefined): readonly ModeName[] {
  if (flag === undefined || flag === ALL_MODES) return MODE_NAMES;
  if (flag === QUICKJS_MODES) return MODE_NAMES.filter((m) => PLACEMENTS[m].engine === "quickjs");
  return MODE_NAMES.filter((m) => m === flag);
}

export async function exerciseRunCommand(names: string[], flags: RunFlags): Promise<{ text: string; ok: boolean }> {
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

export function registerExercise(program: Command, out: (text: string) => void): void {
  const cmd = program
    .command("exercise")
    .description("security exercises: attacks on the extension system and the containment matrix");
  cmd
    .command("list")
    .description("every exercise: its attack class, what it tries, the defence expected to stop it")
    .action(() => out(formatList(loadCatalogue())));
  cmd
    .command("run")
    .description("run exercises (default: all) and print the containment matrix: attack × mode → where it was stopped")
    .argument("[names...]", "exercise names (see spin exercise list)")
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
    .action(async (names: string[], flags: RunFlags) => {
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
      out(`wrote ${visible(file)}\nfill in its header and attack, then: spin exercise run ${name}`);
    });
}
