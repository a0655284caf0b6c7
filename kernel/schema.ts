/**
 * A tiny type-schema language for values that cross the kernel boundary.
 *
 * The event catalogue describes every event's arguments and result with these schemas, and three
 * things are derived from that one description: the TypeScript types the kernel uses (`Infer`),
 * the run-time structural check applied to every value an untrusted handler returns (`check`),
 * and the extension-facing declarations (`toTypeScript`). Keeping all three on one definition is
 * what stops the published API, the validator and the docs from drifting apart.
 *
 * Capabilities (`cap("Page")`) are opaque to extensions: in the published API they are branded
 * types an extension cannot forge; at run time they are plain integers that the kernel checks
 * against its own tables (the structural check only sees "an integer").
 */

export type Schema =
  | {
      readonly kind: "number";
      readonly integer: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly doc?: string;
    }
  | { readonly kind: "boolean"; readonly doc?: string }
  | { readonly kind: "string"; readonly maxLength: number; readonly doc?: string }
  | { readonly kind: "literal"; readonly values: readonly string[]; readonly doc?: string }
  | { readonly kind: "cap"; readonly name: CapabilityName; readonly doc?: string }
  | { readonly kind: "array"; readonly item: Schema; readonly maxLength: number; readonly doc?: string }
  | {
      readonly kind: "object";
      readonly fields: Readonly<Record<string, Schema>>;
      readonly optional: readonly string[];
      readonly doc?: string;
    }
  | { readonly kind: "void"; readonly doc?: string };

/** The opaque handles the kernel hands out. Integers at run time; branded types in the published API. */
export type CapabilityName = "Frame" | "AddressSpace" | "Strand" | "Thread";

type Prettify<T> = { [K in keyof T]: T[K] } & {};

export type Infer<S> = S extends { kind: "number" }
  ? number
  : S extends { kind: "boolean" }
    ? boolean
    : S extends { kind: "string" }
      ? string
      : S extends { kind: "literal"; values: readonly (infer V)[] }
        ? V
        : S extends { kind: "cap" }
          ? number
          : S extends { kind: "array"; item: infer I }
            ? Infer<I>[]
            : S extends { kind: "object"; fields: infer F; optional: infer OL extends readonly string[] }
              ? Prettify<
                  { -readonly [K in Exclude<keyof F, OL[number]>]: Infer<F[K]> } & {
                    -readonly [K in Extract<keyof F, OL[number]>]?: Infer<F[K]>;
                  }
                >
              : S extends { kind: "void" }
                ? void
                : never;

// Overloaded so that, with no optional list, no contextual type can widen it to string[] (which
// would silently make every field optional).
function objectSchema<const F extends Record<string, Schema>>(
  fields: F,
): { readonly kind: "object"; readonly fields: F; readonly optional: readonly []; readonly doc?: string };
function objectSchema<const F extends Record<string, Schema>, const O extends readonly (keyof F & string)[]>(
  fields: F,
  optional: O,
  doc?: string,
): { readonly kind: "object"; readonly fields: F; readonly optional: O; readonly doc?: string };
function objectSchema(fields: Record<string, Schema>, optional: readonly string[] = [], doc?: string): Schema {
  return { kind: "object", fields, optional, doc };
}

export const t = {
  int: (opts: { min?: number; max?: number; doc?: string } = {}) =>
    ({ kind: "number", integer: true, ...opts }) as const,
  number: (opts: { min?: number; max?: number; doc?: string } = {}) =>
    ({ kind: "number", integer: false, ...opts }) as const,
  boolean: (doc?: string) => ({ kind: "boolean", doc }) as const,
  string: (maxLength: number, doc?: string) => ({ kind: "string", maxLength, doc }) as const,
  literal: <const V extends readonly string[]>(values: V, doc?: string) => ({ kind: "literal", values, doc }) as const,
  cap: <const N extends CapabilityName>(name: N, doc?: string) => ({ kind: "cap", name, doc }) as const,
  array: <const I extends Schema>(item: I, maxLength: number, doc?: string) =>
    ({ kind: "array", item, maxLength, doc }) as const,
  object: objectSchema,
  void: (doc?: string) => ({ kind: "void", doc }) as const,
};

/** Why a value does not fit its schema: the path into the value and the fact, eBPF-style. */
export interface SchemaMismatch {
  readonly path: string;
  readonly message: string;
}

/**
 * Structural check of an untrusted value. Returns undefined when the value fits. Never calls
 * anything on the value (no getters, no valueOf): values reaching here are plain JSON data.
 */
export function check(schema: Schema, value: unknown, path = "result"): SchemaMismatch | undefined {
  const bad = mismatch(schema, value);
  return bad === undefined ? undefined : { path: path + bad.path, message: bad.message };
}

/**
 * The check itself, with the mismatch's path relative to `value` (`.key`, `[i]`): the path is
 * written only when something does not fit (every result of an untrusted handler is checked, so
 * a value that fits allocates nothing: no path strings, no key or entry lists of the schema).
 */
function mismatch(schema: Schema, value: unknown): SchemaMismatch | undefined {
  switch (schema.kind) {
    case "void":
      return undefined;
    case "number":
    case "cap": {
      if (typeof value !== "number") return { path: "", message: `expected ${describe(schema)}, got ${typeOf(value)}` };
      if (!Number.isFinite(value)) return { path: "", message: `expected a finite number, got ${String(value)}` };
      const integer = schema.kind === "cap" || schema.integer;
      if (integer && !Number.isInteger(value)) return { path: "", message: `expected an integer, got ${value}` };
      if (schema.kind === "cap" && value < 0)
        return { path: "", message: `expected a ${schema.name} handle, got ${value}` };
      if (schema.kind === "number" && schema.min !== undefined && value < schema.min)
        return { path: "", message: `expected at least ${schema.min}, got ${value}` };
      if (schema.kind === "number" && schema.max !== undefined && value > schema.max)
        return { path: "", message: `expected at most ${schema.max}, got ${value}` };
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : { path: "", message: `expected boolean, got ${typeOf(value)}` };
    case "string":
      if (typeof value !== "string") return { path: "", message: `expected string, got ${typeOf(value)}` };
      return value.length <= schema.maxLength
        ? undefined
        : { path: "", message: `string of ${value.length} characters exceeds the limit of ${schema.maxLength}` };
    case "literal":
      return typeof value === "string" && schema.values.includes(value)
        ? undefined
        : {
            path: "",
            message: `expected one of ${schema.values.map((v) => JSON.stringify(v)).join(", ")}, got ${preview(value)}`,
          };
    case "array": {
      if (!Array.isArray(value)) return { path: "", message: `expected array, got ${typeOf(value)}` };
      if (value.length > schema.maxLength)
        return { path: "", message: `array of ${value.length} items exceeds the limit of ${schema.maxLength}` };
      for (let i = 0; i < value.length; i++) {
        const bad = mismatch(schema.item, value[i]);
        if (bad) return { path: `[${i}]${bad.path}`, message: bad.message };
      }
      return undefined;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return { path: "", message: `expected object, got ${typeOf(value)}` };
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (!Object.hasOwn(schema.fields, key))
          return {
            path: `.${key}`,
            message: `unknown field (expected one of ${Object.keys(schema.fields).join(", ")})`,
          };
      }
      // for-in over the schema's own fields (a plain object literal of the catalogue): no entry list per check.
      for (const key in schema.fields) {
        if (!Object.hasOwn(schema.fields, key)) continue;
        const present = Object.hasOwn(record, key) && record[key] !== undefined;
        if (!present) {
          if (schema.optional.includes(key)) continue;
          return { path: `.${key}`, message: `missing required field` };
        }
        const bad = mismatch(schema.fields[key]!, record[key]);
        if (bad) return { path: `.${key}${bad.path}`, message: bad.message };
      }
      return undefined;
    }
  }
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  return typeof value;
}

function preview(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeOf(value);
}

function describe(schema: Schema): string {
  if (schema.kind === "cap") return `a ${schema.name} handle (integer)`;
  if (schema.kind === "number") return schema.integer ? "integer" : "number";
  return schema.kind;
}

/**
 * The schema as a TypeScript type expression, for the generated extension API. `capType` names the
 * branded type for each capability.
 */
export function toTypeScript(schema: Schema, indent = ""): string {
  switch (schema.kind) {
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "void":
      return "void";
    case "literal":
      return schema.values.map((v) => JSON.stringify(v)).join(" | ");
    case "cap":
      return schema.name;
    case "array": {
      const item = toTypeScript(schema.item, indent);
      return schema.item.kind === "literal" ? `readonly (${item})[]` : `readonly ${item}[]`;
    }
    case "object": {
      const inner = `${indent}  `;
      const lines = Object.entries(schema.fields).map(([key, field]) => {
        const doc = field.doc ? `${inner}/** ${field.doc} */\n` : "";
        const opt = schema.optional.includes(key) ? "?" : "";
        return `${doc}${inner}readonly ${key}${opt}: ${toTypeScript(field, inner)};`;
      });
      return `{\n${lines.join("\n")}\n${indent}}`;
    }
  }
}
