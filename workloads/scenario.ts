/**
 * Scenario files: a machine, its applications, their threads and each thread's workload, in JSON
 * with comments. Every value is validated where it stands, so a mistake is reported at its
 * line:col with what is expected; the result is the kernel's only input, a MachineConfig.
 */
import path from "node:path";
import {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  DEFAULT_QUANTUM_NS,
  type AppSpec,
  type CostParams,
  type DiskParams,
  type MachineConfig,
  type PolicyChoice,
  type RegionSpec,
  type ThreadSpec,
} from "../kernel/config.js";
import { Prng } from "../kernel/prng.js";
import { PAGE_SIZE } from "../kernel/workload.js";
import { WorkloadError } from "./errors.js";
import { WorkloadReader } from "./generators/registry.js";
import type { ReadWorkload } from "./generators/types.js";
import { JsonDocument, type JsonValue, type NumberRange, type ObjectReader } from "./json-value.js";
import {
  MAX_COST_NS,
  MAX_FRAMES,
  MAX_PAGES,
  MAX_PAGES_PER_TRACK,
  MAX_QUANTUM_NS,
  MAX_SEED,
  MAX_THREAD_PRIORITY,
  MIN_QUANTUM_NS,
} from "./limits.js";
import { InputFileError, SCENARIO_INPUT, readInputText } from "./read-input.js";
import { checkClockHorizon } from "./time-bound.js";
import { visible } from "./visible.js";
import {
  DEFAULT_FRAMES,
  DEFAULT_PAGER,
  DEFAULT_SCHEDULER,
  DEFAULT_SEED,
  checkOverrides,
  withOverrides,
  type WorkloadOverrides,
} from "./machine.js";
import { writableRegions, type PageRange } from "./pages.js";
import { traceToConfig, type TraceConfigOptions } from "./trace.js";

const SCENARIO_KEYS = ["name", "description", "seed", "frames", "quantumNs", "disk", "costs", "apps"];
const APP_KEYS = ["name", "priority", "pager", "scheduler", "regions", "threads"];
const THREAD_KEYS = ["name", "priority", "workload"];
const REGION_KEYS = ["start", "pages", "writable"];
const POLICY_KEYS = ["name", "options"];
export { MAX_FRAMES, MAX_THREAD_PRIORITY };

/** How each machine parameter is read: its range, and whether it must be an integer. */
type ParamRule = NumberRange & { readonly integer?: boolean };
const TIME: ParamRule = { min: 0, max: MAX_COST_NS };
const DISK_RULES: Record<keyof DiskParams, ParamRule> = {
  seekBaseNs: TIME,
  seekPerTrackNs: TIME,
  rotationNs: TIME,
  transferNsPerPage: TIME,
  pagesPerTrack: { min: 1, max: MAX_PAGES_PER_TRACK, integer: true },
};
const COST_RULES: Record<keyof CostParams, ParamRule> = {
  accessNs: TIME,
  faultNs: TIME,
  zeroFillNs: TIME,
  switchNs: TIME,
  inKernelCallNs: TIME,
  syscallNs: TIME,
  ipcRoundTripNs: TIME,
  fuelUnitNs: TIME,
  pollNs: TIME,
};

function readParams<T extends object>(value: JsonValue | undefined, defaults: T, rules: Record<keyof T, ParamRule>): T {
  if (value === undefined) return defaults;
  const reader = value.object(Object.keys(defaults), "parameter");
  const merged: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const member = reader.get(key);
    if (member === undefined) continue;
    const rule = rules[key];
    merged[key] = rule.integer ? member.integer(rule) : member.number(rule);
  }
  return merged as T;
}

/**
 * How a scenario's policy choices are checked: by the registry the kernel will take its policies
 * from (policies/registry.ts, checkPolicyChoice), handed in by the caller, since workloads/ sits
 * beside policies/ and does not know which policies exist. Undefined if the choice can be made, else
 * what is wrong and, if it is one option, which.
 */
export type PolicyCheck = (
  kind: "pager" | "scheduler",
  choice: PolicyChoice,
) => { readonly message: string; readonly option?: string } | undefined;

/** Reads a policy choice and checks it with `check`, so that a typo is reported at its place. */
function readPolicy(
  value: JsonValue | undefined,
  fallback: string,
  kind: "pager" | "scheduler",
  check: PolicyCheck | undefined,
): PolicyChoice {
  if (value === undefined) return { name: fallback };
  const choice = readPolicyShape(value);
  const problem = check?.(kind, choice);
  if (problem !== undefined) {
    const options = value.type === "object" ? value.object(POLICY_KEYS).get("options") : undefined;
    const at =
      problem.option !== undefined && options
        ? (options.object([...Object.keys(choice.options ?? {})]).get(problem.option) ?? options)
        : value;
    at.fail(problem.message);
  }
  return choice;
}

function readPolicyShape(value: JsonValue): PolicyChoice {
  if (value.type === "string") {
    const name = value.string();
    if (name === "") value.fail(`expected a policy name, got ""`);
    return { name };
  }
  if (value.type !== "object") value.fail(`expected a policy name or {"name": ..., "options": {...}}`);
  const reader = value.object(POLICY_KEYS);
  const nameValue = reader.require("name", "the policy's name");
  const name = nameValue.string();
  if (name === "") nameValue.fail(`expected a policy name, got ""`);
  const options = reader.get("options");
  if (options === undefined) return { name };
  // Only the shape is checked here: the keys are the policy's own, validated by the policy registry.
  if (options.type !== "object") options.fail(`expected an object of policy options`);
  return { name, options: options.plain() as Record<string, unknown> };
}

/** The longest name a report shows whole. */
const MAX_NAME_LENGTH = 200;

/** A name that reports print: non-empty, short, and free of control and invisible characters
 * (which would let a scenario file draw on the user's terminal). */
function printableName(value: JsonValue, what: string): string {
  const name = value.string();
  const a = /^[aeiou]/.test(what) ? "an" : "a";
  if (name === "") value.fail(`expected a non-empty ${what} name`);
  if (name.length > MAX_NAME_LENGTH)
    value.fail(`${a} ${what} name is at most ${MAX_NAME_LENGTH} characters, got ${name.length}`);
  if (visible(name) !== name)
    value.fail(
      `${a} ${what} name must be printable; got "${visible(name, 60)}", which holds control or invisible characters`,
    );
  return name;
}

/** Names must be non-empty and unique among their siblings; the message names the first holder. */
function readName(reader: ObjectReader, fallback: string, seen: Map<string, string>, what: string): string {
  const value = reader.get("name");
  const name = value === undefined ? fallback : printableName(value, what);
  const earlier = seen.get(name);
  if (earlier !== undefined) {
    (value ?? reader.value).fail(`${what} name "${name}" is already used by ${earlier}; names must be unique`);
  }
  seen.set(name, reader.path);
  return name;
}

function hex(vpn: number): string {
  return "0x" + (vpn * PAGE_SIZE).toString(16);
}

function readRegions(value: JsonValue): RegionSpec[] {
  const regions = value.array().map((item) => {
    const reader = item.object(REGION_KEYS);
    const start = reader.require("start", 'a page-aligned address such as "0x10000000"').pageAlignedAddress();
    const pages = reader.require("pages", "how many pages").integer({ min: 1, max: MAX_PAGES });
    return { item, region: { startVpn: start / PAGE_SIZE, pages, writable: reader.boolean("writable", true) } };
  });
  const sorted = [...regions].sort((a, b) => a.region.startVpn - b.region.startVpn);
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    const after = sorted[i]!;
    if (after.region.startVpn < before.region.startVpn + before.region.pages) {
      const later = regions.indexOf(after) > regions.indexOf(before) ? after : before;
      const other = later === after ? before : after;
      later.item.fail(
        `region ${hex(later.region.startVpn)}..${hex(later.region.startVpn + later.region.pages)} overlaps ` +
          `${other.item.path} (${hex(other.region.startVpn)}..${hex(other.region.startVpn + other.region.pages)}); regions must not overlap`,
      );
    }
  }
  return regions.map((r) => r.region);
}

interface ReadThread {
  readonly name: string;
  readonly priority: number;
  readonly workload: ReadWorkload;
}

function readThread(item: JsonValue, index: number, seen: Map<string, string>, workloads: WorkloadReader): ReadThread {
  const reader = item.object(THREAD_KEYS);
  return {
    name: readName(reader, `t${index}`, seen, "thread"),
    priority: reader.integer("priority", 0, { min: 0, max: MAX_THREAD_PRIORITY }),
    workload: workloads.read(reader.require("workload", 'e.g. {"type": "loop", "pages": 80, "refs": 20000}')),
  };
}

function readApp(
  item: JsonValue,
  index: number,
  seen: Map<string, string>,
  root: Prng,
  workloads: WorkloadReader,
  checkPolicy: PolicyCheck | undefined,
): AppSpec {
  const reader = item.object(APP_KEYS);
  const name = readName(reader, `app${index}`, seen, "app");
  const priority = reader.choice<"high" | "low">("priority", "low", ["high", "low"]);
  const pager = readPolicy(reader.get("pager"), DEFAULT_PAGER, "pager", checkPolicy);
  const scheduler = readPolicy(reader.get("scheduler"), DEFAULT_SCHEDULER, "scheduler", checkPolicy);
  const regionsValue = reader.get("regions");
  const explicitRegions = regionsValue === undefined ? undefined : readRegions(regionsValue);
  const threadsValue = reader.require("threads", 'a list of threads, each {"name": ..., "workload": {...}}');
  const items = threadsValue.array();
  if (items.length === 0) threadsValue.fail("expected at least one thread");
  const threadNames = new Map<string, string>();
  const read = items.map((t, j) => readThread(t, j, threadNames, workloads));

  // Forked by name, not position: adding an app or a thread leaves every other stream unchanged.
  const appPrng = root.fork(`app:${name}`);
  const touched: PageRange[] = [];
  const threads: ThreadSpec[] = read.map((t) => {
    const generated = workloads.generate(t.workload, appPrng.fork(`thread:${t.name}`));
    touched.push(...generated.pages);
    return { name: t.name, priority: t.priority, ops: generated.ops };
  });
  return {
    name,
    priority,
    pager,
    scheduler,
    regions: explicitRegions ?? writableRegions(touched),
    threads,
  };
}

/**
 * Parse scenario text; `file` names it in errors and trace paths are relative to `baseDir`. Policy
 * choices are checked with `checkPolicy` (the kernel's policy registry; without one only their shape
 * is, and the kernel refuses an unknown policy when it is built).
 */
export function parseScenario(
  text: string,
  file: string,
  overrides: WorkloadOverrides = {},
  baseDir = path.dirname(file),
  checkPolicy?: PolicyCheck,
): MachineConfig {
  checkOverrides(overrides);
  const doc = new JsonDocument(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const reader = doc.root.object(SCENARIO_KEYS);
  const nameValue = reader.get("name");
  const name = nameValue === undefined ? path.basename(file, path.extname(file)) : printableName(nameValue, "scenario");
  reader.get("description")?.string();
  // The file's own values are validated even when overridden: the file should stay loadable alone.
  const seed = reader.integer("seed", DEFAULT_SEED, { min: 0, max: MAX_SEED });
  const frames = reader.integer("frames", DEFAULT_FRAMES, { min: 1, max: MAX_FRAMES });
  const quantumNs = reader.number("quantumNs", DEFAULT_QUANTUM_NS, { min: MIN_QUANTUM_NS, max: MAX_QUANTUM_NS });
  const disk = readParams<DiskParams>(reader.get("disk"), DEFAULT_DISK, DISK_RULES);
  const costs = readParams<CostParams>(reader.get("costs"), DEFAULT_COSTS, COST_RULES);
  const appsValue = reader.require("apps", 'a list of applications, each {"name": ..., "threads": [...]}');
  const appItems = appsValue.array();
  if (appItems.length === 0) appsValue.fail("expected at least one app");
  const root = new Prng(overrides.seed ?? seed);
  const workloads = new WorkloadReader(baseDir, quantumNs);
  const appNames = new Map<string, string>();
  const apps = appItems.map((item, i) => readApp(item, i, appNames, root, workloads, checkPolicy));
  const config = withOverrides(
    { name, seed: overrides.seed ?? seed, frames, quantumNs, disk, costs, apps },
    { frames: overrides.frames, pager: overrides.pager, scheduler: overrides.scheduler },
  );
  checkClockHorizon(config, (detail) =>
    (reader.get("disk") ?? reader.get("costs") ?? reader.get("quantumNs") ?? doc.root).fail(detail),
  );
  return config;
}

function readText(file: string): string {
  try {
    return readInputText(file, SCENARIO_INPUT);
  } catch (error) {
    if (error instanceof InputFileError) throw new WorkloadError(file, 0, 0, `cannot read the file: ${error.reason}`);
    throw error;
  }
}

export function loadScenario(
  file: string,
  overrides: WorkloadOverrides = {},
  checkPolicy?: PolicyCheck,
): MachineConfig {
  return parseScenario(readText(file), file, overrides, path.dirname(file), checkPolicy);
}

/** A scenario (.json / .jsonc) or a trace file (anything else), whichever `file` is. */
export function loadWorkload(
  file: string,
  overrides: TraceConfigOptions = {},
  checkPolicy?: PolicyCheck,
): MachineConfig {
  const ext = path.extname(file).toLowerCase();
  return ext === ".json" || ext === ".jsonc"
    ? loadScenario(file, overrides, checkPolicy)
    : traceToConfig(file, overrides);
}
