/**
 * Shared machinery for built-in policies: typed option specifications, option validation with
 * precise errors, and `definePolicy`, which turns a spec plus a constructor into a PolicyFactory.
 *
 * Every factory validates its own options in `create`, so whether the kernel goes through the
 * registry (createPager / createScheduler) or calls a factory directly, a typo is an error, never
 * silently a default.
 */
import { closestName } from "../kernel/did-you-mean.js";
import type { PolicyFactory } from "../kernel/policy.js";

export type OptionValue = number | string | boolean;
export type PolicyKind = "pager" | "scheduler";

export interface NumberOptionSpec {
  readonly type: "number";
  readonly default: number;
  readonly doc: string;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}
export interface StringOptionSpec {
  readonly type: "string";
  readonly default: string;
  readonly doc: string;
  /** If present, the only accepted values. */
  readonly choices?: readonly string[];
}
export interface BooleanOptionSpec {
  readonly type: "boolean";
  readonly default: boolean;
  readonly doc: string;
}
export type OptionSpec = NumberOptionSpec | StringOptionSpec | BooleanOptionSpec;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The value type of one option: a string option with `choices` is the union of its choices. */
export type OptionValueOf<S extends OptionSpec> = S extends { readonly choices: readonly (infer C)[] }
  ? C
  : S extends { readonly type: "string" }
    ? string
    : S extends { readonly type: "number" }
      ? number
      : boolean;

/** The resolved (validated, defaults filled in) options of a policy. */
export type OptionsOf<Specs extends OptionSpecs> = { readonly [K in keyof Specs]: OptionValueOf<Specs[K]> };

export type PolicyErrorCode = "unknown-policy" | "unknown-option" | "bad-option" | "bad-options";

/**
 * A scenario names a policy or option that does not exist, or gives an option a value of the
 * wrong type. `policy` and `option` say where, so a scenario loader can point at the JSON node.
 */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly code: PolicyErrorCode,
    readonly kind: PolicyKind,
    readonly policy: string,
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/** A built-in policy: a PolicyFactory with option specs, a longer description and a complexity note. */
export interface BuiltinPolicy<
  P,
  O extends Readonly<Record<string, OptionValue>> = Readonly<Record<string, OptionValue>>,
> extends PolicyFactory<P> {
  readonly kind: PolicyKind;
  readonly name: string;
  /** One line. */
  readonly summary: string;
  /** A few sentences: the rule, tie-breaking, what state the instance keeps. */
  readonly details: string;
  /** Cost per call, in terms of frameCount (pagers) or ready threads (schedulers). */
  readonly complexity: string;
  readonly options: OptionSpecs;
  readonly defaults: O;
  /** Validate options (unknown names and wrong types are PolicyErrors) and fill in defaults. */
  resolve(options?: Readonly<Record<string, unknown>>): O;
  /** A new instance (its own state, e.g. the Clock hand) with validated options. */
  create(options?: Readonly<Record<string, unknown>>): P;
  /** Multi-line text for `--help`-style listings. */
  describe(aliases?: readonly string[]): string;
}

export interface PolicyDefinition<P, Specs extends OptionSpecs> {
  readonly kind: PolicyKind;
  readonly name: string;
  readonly summary: string;
  readonly details: string;
  readonly complexity: string;
  readonly options: Specs;
  readonly make: (options: OptionsOf<Specs>) => P;
}

export function definePolicy<P, const Specs extends OptionSpecs>(
  def: PolicyDefinition<P, Specs>,
): BuiltinPolicy<P, OptionsOf<Specs>> {
  const defaults: Record<string, OptionValue> = {};
  for (const key of Object.keys(def.options)) defaults[key] = def.options[key]!.default;
  Object.freeze(defaults);
  const resolve = (options?: Readonly<Record<string, unknown>>): OptionsOf<Specs> =>
    resolveOptions(def.kind, def.name, def.options, options) as OptionsOf<Specs>;
  return Object.freeze({
    kind: def.kind,
    name: def.name,
    summary: def.summary,
    details: def.details,
    complexity: def.complexity,
    options: def.options,
    defaults: defaults as OptionsOf<Specs>,
    resolve,
    create: (options?: Readonly<Record<string, unknown>>) => def.make(resolve(options)),
    describe: (aliases: readonly string[] = []) => describePolicy(def, aliases),
  });
}

/** `"fifo"`, `true`, `3`: an option value as it would be written in a scenario file. */
export function showValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v === "object" ? "object" : typeof v}`;
}

function expected(spec: OptionSpec): string {
  switch (spec.type) {
    case "boolean":
      return "a boolean (true or false)";
    case "string":
      return spec.choices ? `one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}` : "a string";
    case "number": {
      let s = spec.integer ? "an integer" : "a finite number";
      if (spec.min !== undefined && spec.max !== undefined) s += ` in ${spec.min}..${spec.max}`;
      else if (spec.min !== undefined) s += ` >= ${spec.min}`;
      else if (spec.max !== undefined) s += ` <= ${spec.max}`;
      return s;
    }
  }
}

function valid(spec: OptionSpec, v: unknown): boolean {
  switch (spec.type) {
    case "boolean":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string" && (spec.choices === undefined || spec.choices.includes(v));
    case "number":
      return (
        typeof v === "number" &&
        Number.isFinite(v) &&
        (!spec.integer || Number.isInteger(v)) &&
        (spec.min === undefined || v >= spec.min) &&
        (spec.max === undefined || v <= spec.max)
      );
  }
}

/** `ties (default "round-robin")`, comma-separated: the known options of a policy. */
export function listOptions(specs: OptionSpecs): string {
  return Object.keys(specs)
    .map((k) => `${k} (default ${showValue(specs[k]!.default)})`)
    .join(", ");
}

/** Validate `given` against `specs` and fill in defaults. Absent or `undefined` means the default. */
export function resolveOptions(
  kind: PolicyKind,
  policy: string,
  specs: OptionSpecs,
  given: unknown,
): Readonly<Record<string, OptionValue>> {
  const what = `${kind} policy "${policy}"`;
  if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given))) {
    throw new PolicyError("bad-options", kind, policy, `options of ${what} must be an object; got ${showValue(given)}`);
  }
  const names = Object.keys(specs);
  const out: Record<string, OptionValue> = {};
  if (given !== undefined) {
    for (const key of Object.keys(given)) {
      if (!Object.hasOwn(specs, key)) {
        let msg = `${what} has no option "${key}"`;
        if (names.length === 0) msg += "; it takes no options";
        else {
          const guess = closestName(key, names);
          msg += guess === undefined ? "; known options: " : `; did you mean "${guess}"? Known options: `;
          msg += listOptions(specs);
        }
        throw new PolicyError("unknown-option", kind, policy, msg, key);
      }
    }
  }
  for (const key of names) {
    const spec = specs[key]!;
    const v = given === undefined ? undefined : (given as Record<string, unknown>)[key];
    if (v === undefined) {
      out[key] = spec.default;
    } else if (valid(spec, v)) {
      out[key] = v as OptionValue;
    } else {
      throw new PolicyError(
        "bad-option",
        kind,
        policy,
        `option "${key}" of ${what} must be ${expected(spec)}; got ${showValue(v)} (default ${showValue(spec.default)})`,
        key,
      );
    }
  }
  return Object.freeze(out);
}

function describePolicy(
  def: Pick<PolicyDefinition<unknown, OptionSpecs>, "name" | "summary" | "details" | "complexity" | "options">,
  aliases: readonly string[],
): string {
  const head =
    aliases.length === 0 ? def.name : `${def.name} (alias${aliases.length > 1 ? "es" : ""} ${aliases.join(", ")})`;
  const lines = [
    `${head} - ${def.summary}`,
    ...wrap(def.details, 76).map((l) => `    ${l}`),
    `    cost: ${def.complexity}`,
  ];
  const keys = Object.keys(def.options);
  if (keys.length === 0) lines.push("    options: none");
  else {
    lines.push("    options:");
    for (const k of keys) {
      const spec = def.options[k]!;
      lines.push(`      ${k} = ${showValue(spec.default)}  (${expected(spec)}) ${spec.doc}`);
    }
  }
  return lines.join("\n");
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) out.push(line);
  return out;
}
