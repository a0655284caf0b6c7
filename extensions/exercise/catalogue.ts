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
 *    * Limits: runTimeMs=2000                (optional; sandbox limits other than the defaults)
 *    * Min-charge: 1000000                    (optional; the simulated time, ns, check work-charged asks per invocation)
 *
 * `Expected` and `Check` are the default mode's (typed); `Expected-<mode>` and `Check-<mode>`
 * exist for every other mode of the registry (extensions/loader/modes.ts).
 *    *
 *    * Free text: how it works, where it stops.
 *    *\/
 */
import fs from "node:fs";
import path from "node:path";
import { EXTENSION_INPUT, InputFileError, closeInput, openInput, readInputText } from "../../workloads/read-input.js";
import { SandboxUsageError } from "../../sandbox/errors.js";
import { LIMIT_BOUNDS, resolveLimits, type SandboxLimits } from "../../sandbox/limits.js";
import { DEFAULT_MODE, MODE_NAMES, type ModeName } from "../loader/mode-names.js";
import { packageRoot } from "../loader/paths.js";
import { visible } from "../visible.js";

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
  "logs-placed":
    "every kept line of the extension's log is placed at a call or a coercion of its own source (file:line:col: the kernel.log call, the call that reached it, as JSON.stringify calls a toJSON, or the template or operator that called a toString), whatever its text says",
  "faults-as-thrown":
    "every fault recorded for the extension was an exception: it threw, and no report says a check, the stack or the memory stopped it",
  "every-overrun-recorded":
    "every handler invocation of the extension was recorded as a violation: none lost in a batch, none after the unload",
  "work-charged":
    "the extension's invocations were charged at least the header's Min-charge of simulated time each, on average (its crossing and its work: fuel, or interrupt polls where they cost more)",
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
  /** Where the `App:` field is (`file:line:col`), or the header's start: for errors of loading the attacker. */
  readonly appAt: string;
  /** `With:` neighbours; `at` is the field's place in the header (`file:line:col`), for errors. */
  readonly with: readonly { readonly file: string; readonly app?: string; readonly at: string }[];
  /** Extra checks per mode (`Check:`, and `Check-<mode>:` where a mode's column differs). */
  readonly checks: Readonly<Record<ModeName, readonly CheckName[]>>;
  /** Sandbox limits of the run besides the defaults (`Limits: runTimeMs=2000`). */
  readonly limits: Partial<SandboxLimits>;
  /** The simulated time (ns) check `work-charged` asks of each invocation, on average (`Min-charge: 1000000`). */
  readonly minChargeNs?: number;
}

export function exercisesDir(): string {
  return path.join(packageRoot(), "examples", "exercises");
}

/** A malformed exercise header: bad input (exit 2), the message starts with `file:line:column`. */
export class ExerciseFormatError extends Error {
  override readonly name = "ExerciseFormatError";
}

/** The modes whose column may differ from the default mode's, each with its own header fields. */
const OTHER_MODES = MODE_NAMES.filter((m) => m !== DEFAULT_MODE);
const PER_MODE_FIELDS = OTHER_MODES.flatMap((m) => [`Expected-${m}`, `Check-${m}`]);
const FIELD = new RegExp(
  `^\\s*\\*\\s*(${["EXERCISE", "Class", "Tries", "Defence", "Expected", "Scenario", "App", "With", "Check", "Limits", "Min-charge", ...PER_MODE_FIELDS].join("|")}):\\s*(.*)$`,
);
/**
 * Every line terminator JavaScript knows (so a file saved with CRLF or CR line ends reads as it
 * does in an editor, and a line and column counted here are the editor's).
 */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

/** One header field's value and where it starts. */
interface FieldValue {
  value: string;
  readonly line: number;
  readonly column: number;
}

/** Parse one exercise file's header. */
export function parseExercise(absFile: string, text: string = readInputText(absFile, EXTENSION_INPUT)): Exercise {
  // Inside the package, reports name the file from its root; an exercise elsewhere by its full path.
  const fromRoot = path.relative(packageRoot(), absFile);
  const file = fromRoot.startsWith("..") || path.isAbsolute(fromRoot) ? absFile : fromRoot;
  const rel = visible(file);
  const at = (line: number, column: number): string => `${rel}:${line}:${column}`;
  const end = text.indexOf("*/");
  if (!text.startsWith("/**") || end < 0)
    throw new ExerciseFormatError(`${at(1, 1)}: an exercise opens with a /** header */ (see spin exercise new)`);
  const fields = new Map<string, FieldValue[]>();
  let last: string | undefined;
  // The header's first line starts after "/**": columns on it are shifted by those 3 characters.
  text
    .slice(3, end)
    .split(LINE_BREAK)
    .forEach((line, i) => {
      const m = FIELD.exec(line);
      if (m) {
        last = m[1]!;
        const column = line.length - m[2]!.length + 1 + (i === 0 ? 3 : 0);
        fields.set(last, [...(fields.get(last) ?? []), { value: m[2]!.trim(), line: i + 1, column }]);
      } else if (last !== undefined && /^\s*\*\s+\S/.test(line) && ["Tries", "Defence"].includes(last)) {
        // Continuation of Tries/Defence: an indented line right after it.
        const list = fields.get(last)!;
        list[list.length - 1]!.value += ` ${line.replace(/^\s*\*\s+/, "").trim()}`;
      } else {
        last = undefined;
      }
    });
  const first = (k: string): FieldValue | undefined => {
    const v = fields.get(k)?.[0];
    return v === undefined || v.value === "" ? undefined : v;
  };
  const required = (k: string): FieldValue => {
    const v = first(k);
    if (v === undefined)
      throw new ExerciseFormatError(
        `${at(1, 1)}: header field "${k}:" is missing or empty (see spin exercise new for the header)`,
      );
    return v;
  };
  const name = required("EXERCISE");
  const base = path.basename(absFile).replace(/\.ts$/, "");
  if (name.value !== base)
    throw new ExerciseFormatError(
      `${at(name.line, name.column)}: EXERCISE: ${visible(name.value, 80)} must equal the file name (${visible(base, 80)})`,
    );
  const checkList = (key: string): CheckName[] | undefined => {
    const raw = fields.get(key);
    if (raw === undefined) return undefined;
    const list: CheckName[] = [];
    for (const field of raw) {
      for (const c of field.value.split(/[\s,]+/).filter(Boolean)) {
        if (!Object.hasOwn(CHECKS, c))
          throw new ExerciseFormatError(
            `${at(field.line, field.column)}: unknown ${key}: ${visible(c, 80)} (known: ${Object.keys(CHECKS).join(", ")})`,
          );
        list.push(c as CheckName);
      }
    }
    return list;
  };
  const checks = checkList("Check") ?? [];
  const expected = required("Expected").value;
  const perMode = <T>(field: string, fallback: T, read: (key: string) => T | undefined): Record<ModeName, T> =>
    Object.fromEntries(
      MODE_NAMES.map((m) => [m, m === DEFAULT_MODE ? fallback : (read(`${field}-${m}`) ?? fallback)]),
    ) as Record<ModeName, T>;
  const checksOf = perMode("Check", checks, checkList);
  const scenarioField = first("Scenario");
  const scenario = scenarioField?.value ?? "duo";
  const dirs = scenarioDirs(path.dirname(absFile));
  if (findScenario(scenario, dirs) === undefined) {
    const where = scenarioField === undefined ? at(1, 1) : at(scenarioField.line, scenarioField.column);
    throw new ExerciseFormatError(`${where}: Scenario: ${noScenario(scenario, dirs)}`);
  }
  const limitsField = first("Limits");
  const appField = first("App");
  const app = appField?.value;
  const minCharge = first("Min-charge");
  if (minCharge !== undefined && !/^\d{1,15}$/.test(minCharge.value))
    throw new ExerciseFormatError(
      `${at(minCharge.line, minCharge.column)}: Min-charge: ${visible(minCharge.value, 80)} is not a whole number of nanoseconds (at most 15 digits)`,
    );
  const everyCheck = MODE_NAMES.flatMap((m) => checksOf[m]);
  if (minCharge === undefined && everyCheck.includes("work-charged"))
    throw new ExerciseFormatError(
      `${at(1, 1)}: check work-charged needs a Min-charge: header field (the simulated time, ns, it asks of each invocation)`,
    );
  return {
    name: name.value,
    file,
    absFile,
    attackClass: required("Class").value,
    tries: required("Tries").value,
    defence: required("Defence").value,
    expected: perMode("Expected", expected, (k) => first(k)?.value),
    scenario,
    ...(app !== undefined ? { app } : {}),
    appAt: appField === undefined ? at(1, 1) : at(appField.line, appField.column),
    with: (fields.get("With") ?? []).map((field) => {
      const i = field.value.lastIndexOf("@");
      const where = at(field.line, field.column);
      const file = i > 0 ? field.value.slice(0, i) : field.value;
      checkNeighbourReadable(file, where);
      return i > 0 ? { file, app: field.value.slice(i + 1), at: where } : { file, at: where };
    }),
    checks: checksOf,
    limits: limitsField === undefined ? {} : parseLimits(limitsField, at(limitsField.line, limitsField.column)),
    ...(minCharge === undefined ? {} : { minChargeNs: Number(minCharge.value) }),
  };
}

/**
 * A `With:` neighbour is read when the cell runs, from the package root (run.ts). One that
 * cannot be opened is a mistake in the header, said at its place (exit 2), not a failed load
 * that the matrix would count against the placement as an escape (red team 12).
 */
function checkNeighbourReadable(file: string, where: string): void {
  const abs = path.resolve(packageRoot(), file);
  try {
    closeInput(openInput(abs, EXTENSION_INPUT).fd);
  } catch (error) {
    if (error instanceof InputFileError)
      throw new ExerciseFormatError(`${where}: With: ${visible(file, 200)} cannot be read: ${error.reason}`);
    throw error;
  }
}

/** The limits an exercise runs with (`Limits: runTimeMs=2000, timeoutMs=500`): sandbox limits, checked against their bounds. */
function parseLimits(field: FieldValue, where: string): Partial<SandboxLimits> {
  const out: Partial<SandboxLimits> = {};
  for (const item of field.value.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([A-Za-z]+)=(\d+)$/.exec(item);
    // Own keys only: `constructor=1` names no limit (an inherited property answered `in`).
    if (!m || !Object.hasOwn(LIMIT_BOUNDS, m[1]!)) {
      throw new ExerciseFormatError(
        `${where}: Limits: ${visible(item, 80)} is not name=integer with a sandbox limit's name (${Object.keys(LIMIT_BOUNDS).join(", ")})`,
      );
    }
    out[m[1] as keyof SandboxLimits] = Number(m[2]);
  }
  try {
    resolveLimits(out);
  } catch (error) {
    if (error instanceof SandboxUsageError) throw new ExerciseFormatError(`${where}: Limits: ${error.message}`);
    throw error;
  }
  return out;
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
 * Where an exercise's scenario is looked for: scenarios/ next to the exercise first (for an
 * exercise written outside this package), then examples/exercises/scenarios/, then examples/scenarios/.
 */
function scenarioDirs(exerciseDir: string | undefined): string[] {
  const root = packageRoot();
  const dirs = [
    ...(exerciseDir !== undefined ? [path.join(exerciseDir, "scenarios")] : []),
    path.join(root, "examples/exercises/scenarios"),
    path.join(root, "examples/scenarios"),
  ];
  return [...new Set(dirs)];
}

function noScenario(name: string, dirs: readonly string[]): string {
  const shown = dirs.map((d) => {
    const r = path.relative(packageRoot(), d);
    return r.startsWith("..") || path.isAbsolute(r) ? visible(d) : r;
  });
  return `no scenario named ${visible(JSON.stringify(name), 80)} (looked in ${shown.join(", ")})`;
}

/** The scenario file of an exercise (see scenarioDirs). */
export function scenarioFile(name: string, exerciseDir?: string): string {
  const dirs = scenarioDirs(exerciseDir);
  const found = findScenario(name, dirs);
  if (found === undefined) throw new ExerciseFormatError(noScenario(name, dirs));
  return found;
}

function findScenario(name: string, dirs: readonly string[]): string | undefined {
  // A name, not a path: "../x" or "a/b" would look outside the folders.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  for (const dir of dirs) {
    const p = path.join(dir, `${name}.json`);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
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
 * rejected: verifier (rule-id) | stopped: budget | stopped: timeout | stopped: host time |
 * stopped: memory | stopped: stack | stopped: sfi check | refused: kernel validation | contained: exception |
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
