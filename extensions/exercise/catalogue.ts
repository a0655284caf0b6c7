/**
 * The exercises: one small TypeScript extension per attack in examples/exercises/, each opening
 * with a header the runner reads (the header is the one source of truth: `spin exercise list`
 * prints it, the runner runs it, the tests assert its `Expected:` line).
 *
 *   /**
 *    * EXERCISE: loop-in-handler
 *    * Class: runaway loop
 *    * Tries: spin forever in a Reclaim handler.
 *    * Defence: the sandbox's instruction budget (interrupt polls).
 *    * Expected: stopped: budget
 *    * Scenario: duo                          (examples/exercises/scenarios/duo.json, or examples/scenarios/<name>.json)
 *    * App: alpha                             (optional; default: the scenario's first application)
 *    * With: examples/pagers/fifo.ts@beta     (optional; a well-behaved neighbour loaded alongside)
 *    * Check: neighbour-unaffected            (optional; an extra check, see checks below)
 *    * Expected-sfi: stopped: sfi check       (optional; the sfi column's expectation, default = Expected)
 *    * Check-sfi: results-valid              (optional; the sfi column's checks, default = Check)
 *
 * `Expected` and `Check` are the default mode's (typed); `Expected-<mode>` and `Check-<mode>`
 * exist for every other mode of the registry (extensions/loader/modes.ts).
 *    *
 *    * Free text: how it works, where it stops.
 *    *\/
 */
import fs from "node:fs";
import path from "node:path";
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import { DEFAULT_MODE, MODE_NAMES, type ModeName } from "../loader/modes.js";
import { packageRoot } from "../loader/paths.js";

/** Extra checks an exercise can ask for (beyond invariants, nothing lost, host alive). */
export const CHECKS = {
  deterministic: "two runs give byte-identical reports (Date.now and Math.random are simulated)",
  "neighbour-unaffected":
    "the well-behaved neighbour's application and extension accounts equal a run without the attacker",
  "log-capped": "the extension's log is capped (kernel.log keeps at most maxLogEntries lines per VM)",
  "own-space-only": "every event the extension logged ('space N') was one of its own application's",
  unloaded: "the watchdog unloaded the extension and the run went on with the built-in policy",
  "memory-bounded": "the extension's VM heap stayed within its memory limit (read after the run)",
  "results-valid":
    "every result the extension returned was accepted by the kernel: whatever it tried did not reach the kernel",
  "traps-inert": "the extension ran without any violation: the host never called its valueOf/toString/then traps",
  "bounded-work":
    'the run finished, every thread done, within the kernel\'s bound of events for its size (docs/MACHINE.md, "Progress")',
  "report-unforged":
    "the text report spin load prints has no raw control character, and no string of the extension added a line to it",
  "every-overrun-recorded":
    "every handler invocation of the extension was recorded as a violation: none lost in a batch, none after the unload",
} as const;
export type CheckName = keyof typeof CHECKS;

export interface Exercise {
  readonly name: string;
  /** Path relative to the package root, as reports show it. */
  readonly file: string;
  readonly absFile: string;
  readonly attackClass: string;
  readonly tries: string;
  readonly defence: string;
  /** Expected stopping point per mode (`Expected:`, and `Expected-<mode>:` where a mode's column differs). */
  readonly expected: Readonly<Record<ModeName, string>>;
  readonly scenario: string;
  readonly app?: string;
  readonly with: readonly { readonly file: string; readonly app?: string }[];
  /** Extra checks per mode (`Check:`, and `Check-<mode>:` where a mode's column differs). */
  readonly checks: Readonly<Record<ModeName, readonly CheckName[]>>;
}

export function exercisesDir(): string {
  return path.join(packageRoot(), "examples", "exercises");
}

export class ExerciseFormatError extends Error {
  override readonly name = "ExerciseFormatError";
}

/** The modes whose column may differ from the default mode's, each with its own header fields. */
const OTHER_MODES = MODE_NAMES.filter((m) => m !== DEFAULT_MODE);
const PER_MODE_FIELDS = OTHER_MODES.flatMap((m) => [`Expected-${m}`, `Check-${m}`]);
const FIELD = new RegExp(
  `^\\s*\\*\\s*(${["EXERCISE", "Class", "Tries", "Defence", "Expected", "Scenario", "App", "With", "Check", ...PER_MODE_FIELDS].join("|")}):\\s*(.*)$`,
);

/** Parse one exercise file's header. */
export function parseExercise(absFile: string, text: string = readInputText(absFile, EXTENSION_INPUT)): Exercise {
  // Inside the package, reports name the file from its root; an exercise elsewhere by its full path.
  const fromRoot = path.relative(packageRoot(), absFile);
  const rel = fromRoot.startsWith("..") || path.isAbsolute(fromRoot) ? absFile : fromRoot;
  const end = text.indexOf("*/");
  if (!text.startsWith("/**") || end < 0)
    throw new ExerciseFormatError(`${rel}: an exercise opens with a /** header */`);
  const fields = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of text.slice(3, end).split("\n")) {
    const m = FIELD.exec(line);
    if (m) {
      last = m[1]!;
      fields.set(last, [...(fields.get(last) ?? []), m[2]!.trim()]);
    } else if (last !== undefined && /^\s*\*\s+\S/.test(line) && ["Tries", "Defence"].includes(last)) {
      // Continuation of Tries/Defence: an indented line right after it.
      const list = fields.get(last)!;
      list[list.length - 1] += ` ${line.replace(/^\s*\*\s+/, "").trim()}`;
    } else {
      last = undefined;
    }
  }
  const one = (k: string, required: boolean): string | undefined => {
    const v = fields.get(k);
    if (v === undefined || v.length === 0 || v[0] === "") {
      if (required) throw new ExerciseFormatError(`${rel}: header field "${k}:" is missing`);
      return undefined;
    }
    return v[0];
  };
  const name = one("EXERCISE", true)!;
  const base = path.basename(absFile).replace(/\.ts$/, "");
  if (name !== base) throw new ExerciseFormatError(`${rel}: EXERCISE: ${name} must equal the file name (${base})`);
  const checkList = (key: string): CheckName[] | undefined => {
    const raw = fields.get(key);
    if (raw === undefined) return undefined;
    const list = raw.flatMap((c) => c.split(/[\s,]+/).filter(Boolean));
    for (const c of list) {
      if (!(c in CHECKS))
        throw new ExerciseFormatError(`${rel}: unknown ${key}: ${c} (known: ${Object.keys(CHECKS).join(", ")})`);
    }
    return list as CheckName[];
  };
  const checks = checkList("Check") ?? [];
  const expected = one("Expected", true)!;
  const perMode = <T>(field: string, fallback: T, read: (key: string) => T | undefined): Record<ModeName, T> =>
    Object.fromEntries(
      MODE_NAMES.map((m) => [m, m === DEFAULT_MODE ? fallback : (read(`${field}-${m}`) ?? fallback)]),
    ) as Record<ModeName, T>;
  return {
    name,
    file: rel,
    absFile,
    attackClass: one("Class", true)!,
    tries: one("Tries", true)!,
    defence: one("Defence", true)!,
    expected: perMode("Expected", expected, (k) => one(k, false)),
    scenario: one("Scenario", false) ?? "duo",
    ...(one("App", false) !== undefined ? { app: one("App", false)! } : {}),
    with: (fields.get("With") ?? []).map((w) => {
      const at = w.lastIndexOf("@");
      return at > 0 ? { file: w.slice(0, at), app: w.slice(at + 1) } : { file: w };
    }),
    checks: perMode("Check", checks, checkList),
  };
}

/** Every exercise of a folder (a relative folder is taken from the working directory), by name. */
export function loadCatalogue(dir: string = exercisesDir()): Exercise[] {
  const abs = path.resolve(dir);
  return fs
    .readdirSync(abs)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => parseExercise(path.join(abs, f)));
}

/**
 * The scenario file of an exercise: scenarios/<name>.json next to the exercise first (for an
 * exercise written outside this package), then examples/exercises/scenarios/, then examples/scenarios/.
 */
export function scenarioFile(name: string, exerciseDir?: string): string {
  const root = packageRoot();
  const dirs = [
    ...(exerciseDir !== undefined ? [path.join(exerciseDir, "scenarios")] : []),
    path.join(root, "examples/exercises/scenarios"),
    path.join(root, "examples/scenarios"),
  ];
  for (const dir of [...new Set(dirs)]) {
    const p = path.join(dir, `${name}.json`);
    if (fs.existsSync(p)) return p;
  }
  const shown = dirs.map((d) => {
    const r = path.relative(root, d);
    return r.startsWith("..") ? d : r;
  });
  throw new ExerciseFormatError(`no scenario named ${name} (looked in ${[...new Set(shown)].join(", ")})`);
}

/** `spin exercise new <name>`: a template to fill in. */
export function exerciseTemplate(name: string): string {
  return `/**
 * EXERCISE: ${name}
 * Class: <attack class, e.g. runaway loop>
 * Tries: <what the extension tries to do, in one sentence>
 * Defence: <which defence should stop it>
 * Expected: contained: exception
 * Scenario: duo
 *
 * (Expected is one of: rejected: type check (TSnnnn) | rejected: type-check time limit |
 * rejected: verifier (rule-id) | stopped: budget | stopped: timeout | stopped: memory |
 * stopped: stack | stopped: sfi check | refused: kernel validation | contained: exception |
 * contained: unresolved promise | contained: <check> with a Check: line.)
 *
 * How it works, and where it is expected to stop.
 *
 * Run it:
 *   npx spin exercise run ${name}
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // The attack goes here; this placeholder gives up on every call.
      throw new Error(\`TODO: attack (asked to reclaim for vpn \${args.vpn})\`);
    },
  },
});
`;
}
