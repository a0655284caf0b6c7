/**
 * The registry tables: which built-in policy a scenario's `{ name, options }` means. The kernel
 * calls createPager / createScheduler once per application; the CLI calls listPolicies for help.
 */
import type { PagerPolicy, SchedulerPolicy } from "../kernel/policy.js";
import { closestName } from "../kernel/did-you-mean.js";
import { type BuiltinPolicy, PolicyError, type PolicyKind } from "./define.js";
import { agingPager } from "./pagers/aging.js";
import { arcPager } from "./pagers/arc.js";
import { clockPager } from "./pagers/clock.js";
import { fifoPager } from "./pagers/fifo.js";
import { lfuPager } from "./pagers/lfu.js";
import { lruPager } from "./pagers/lru.js";
import { nfuPager } from "./pagers/nfu.js";
import { optPager } from "./pagers/opt.js";
import { randomPager } from "./pagers/random.js";
import { twoQPager } from "./pagers/two-q.js";
import { wsclockPager } from "./pagers/wsclock.js";
import { fifoScheduler } from "./schedulers/fifo.js";
import { lotteryScheduler } from "./schedulers/lottery.js";
import { mlfqScheduler } from "./schedulers/mlfq.js";
import { priorityScheduler } from "./schedulers/priority.js";
import { roundRobinScheduler } from "./schedulers/round-robin.js";
import { sjfScheduler } from "./schedulers/sjf.js";
import { stcfScheduler } from "./schedulers/stcf.js";
import { strideScheduler } from "./schedulers/stride.js";

/** Page replacement policies by canonical name, in listing order. */
export const pagers = {
  fifo: fifoPager,
  clock: clockPager,
  lru: lruPager,
  random: randomPager,
  opt: optPager,
  nfu: nfuPager,
  aging: agingPager,
  lfu: lfuPager,
  wsclock: wsclockPager,
  "2q": twoQPager,
  arc: arcPager,
} as const satisfies Readonly<Record<string, BuiltinPolicy<PagerPolicy>>>;

/** Thread schedulers by canonical name, in listing order. */
export const schedulers = {
  fifo: fifoScheduler,
  "round-robin": roundRobinScheduler,
  priority: priorityScheduler,
  sjf: sjfScheduler,
  stcf: stcfScheduler,
  mlfq: mlfqScheduler,
  lottery: lotteryScheduler,
  stride: strideScheduler,
} as const satisfies Readonly<Record<string, BuiltinPolicy<SchedulerPolicy>>>;

export type PagerName = keyof typeof pagers;
export type SchedulerName = keyof typeof schedulers;

/** Other names accepted in scenarios, each mapped to a canonical name. */
export const pagerAliases = {
  "second-chance": "clock",
  belady: "opt",
  min: "opt",
  "working-set": "wsclock",
  "two-queue": "2q",
} as const satisfies Readonly<Record<string, PagerName>>;

export const schedulerAliases = {
  fcfs: "fifo",
  rr: "round-robin",
  srtf: "stcf",
  psjf: "stcf",
} as const satisfies Readonly<Record<string, SchedulerName>>;

/** What a scenario says: a policy name and its options (values unchecked until created). */
export interface PolicyChoiceLike {
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

interface Table<P> {
  readonly kind: PolicyKind;
  readonly policies: Readonly<Record<string, BuiltinPolicy<P>>>;
  readonly aliases: Readonly<Record<string, string>>;
}

const pagerTable: Table<PagerPolicy> = { kind: "pager", policies: pagers, aliases: pagerAliases };
const schedulerTable: Table<SchedulerPolicy> = { kind: "scheduler", policies: schedulers, aliases: schedulerAliases };

function aliasesOf(table: Table<unknown>, name: string): string[] {
  return Object.keys(table.aliases).filter((a) => table.aliases[a] === name);
}

/** `fifo, clock (alias second-chance), lru, ...`: every policy of the table with its aliases. */
function knownList(table: Table<unknown>): string {
  return Object.keys(table.policies)
    .map((name) => {
      const aliases = aliasesOf(table, name);
      return aliases.length === 0 ? name : `${name} (alias${aliases.length > 1 ? "es" : ""} ${aliases.join(", ")})`;
    })
    .join(", ");
}

function lookup<P>(table: Table<P>, name: string): BuiltinPolicy<P> {
  if (typeof name === "string") {
    if (Object.hasOwn(table.policies, name)) return table.policies[name]!;
    if (Object.hasOwn(table.aliases, name)) return table.policies[table.aliases[name]!]!;
  }
  const shown = typeof name === "string" ? JSON.stringify(name) : String(name);
  const guess =
    typeof name === "string"
      ? closestName(name, [...Object.keys(table.policies), ...Object.keys(table.aliases)])
      : undefined;
  const hint = guess === undefined ? "; known" : `; did you mean "${guess}"? Known`;
  throw new PolicyError(
    "unknown-policy",
    table.kind,
    String(name),
    `unknown ${table.kind} policy ${shown}${hint} ${table.kind} policies: ${knownList(table)}`,
  );
}

/** The canonical name for a pager name or alias; a PolicyError if there is none. */
export function resolvePagerName(name: string): PagerName {
  return lookup(pagerTable, name).name as PagerName;
}

/** The canonical name for a scheduler name or alias; a PolicyError if there is none. */
export function resolveSchedulerName(name: string): SchedulerName {
  return lookup(schedulerTable, name).name as SchedulerName;
}

/**
 * A new pager instance for one application. Throws a PolicyError for an unknown name (listing the
 * known ones, with a did-you-mean) or an unknown or mistyped option (listing the known options and
 * their defaults).
 */
export function createPager(choice: PolicyChoiceLike): PagerPolicy {
  return lookup(pagerTable, choice.name).create(choice.options);
}

/** A new thread scheduler instance for one application; errors as for createPager. */
export function createScheduler(choice: PolicyChoiceLike): SchedulerPolicy {
  return lookup(schedulerTable, choice.name).create(choice.options);
}

/** The built-in policies as the kernel asks for them (its policy provider): a run without extensions. */
export const builtinPolicies = { createPager, createScheduler } as const;

/** What is wrong with a policy choice, as a scenario reader reports it: the option at fault, if one is. */
export interface PolicyProblem {
  readonly message: string;
  readonly option?: string;
}

/**
 * The registry's check of a policy choice, without keeping the instance: undefined if it can be
 * made, else the PolicyError's message and option. What the scenario reader is given
 * (workloads/scenario.ts, PolicyCheck), so that a typo is reported at its place in the file.
 */
export function checkPolicyChoice(kind: PolicyKind, choice: PolicyChoiceLike): PolicyProblem | undefined {
  try {
    if (kind === "pager") createPager(choice);
    else createScheduler(choice);
    return undefined;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.option === undefined ? { message: error.message } : { message: error.message, option: error.option };
  }
}

/** One entry of listPolicies(). */
export interface PolicyListing {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly complexity: string;
  readonly defaults: Readonly<Record<string, number | string | boolean>>;
  /** Multi-line help text (name, aliases, summary, details, cost, options with defaults). */
  readonly text: string;
}

/** Every built-in policy, pagers then schedulers (or one kind), in registry order. */
export function listPolicies(kind?: PolicyKind): PolicyListing[] {
  const out: PolicyListing[] = [];
  for (const table of [pagerTable, schedulerTable] as Table<unknown>[]) {
    if (kind !== undefined && table.kind !== kind) continue;
    for (const p of Object.values(table.policies)) {
      const aliases = aliasesOf(table, p.name);
      out.push({
        kind: table.kind,
        name: p.name,
        aliases,
        summary: p.summary,
        complexity: p.complexity,
        defaults: p.defaults,
        text: p.describe(aliases),
      });
    }
  }
  return out;
}

/** The canonical names of one kind, in listing order, comma-separated: for a flag's one-line help. */
export function policyNames(kind: PolicyKind): string {
  return Object.keys(kind === "pager" ? pagers : schedulers).join(", ");
}

/** The whole listing as text, with a heading per kind: what `spin run --help` prints. */
export function formatPolicies(kind?: PolicyKind): string {
  const sections: string[] = [];
  for (const k of ["pager", "scheduler"] as const) {
    if (kind !== undefined && k !== kind) continue;
    const entries = listPolicies(k).map((l) => l.text);
    sections.push(`${k === "pager" ? "Pagers" : "Thread schedulers"}:\n\n${entries.join("\n\n")}`);
  }
  return sections.join("\n\n");
}
