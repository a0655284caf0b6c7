/**
 * What the build bundles into the page (web/node/assets.ts writes it, the page and its workers
 * read it): the example files by their path in the package, and each exercise's header as the
 * exercise catalogue parsed it. Plain data: no code, no functions.
 */

/** One security exercise, as extensions/exercise/catalogue.ts parses its header. */
export interface ExerciseInfo {
  readonly name: string;
  /** Path in the package, e.g. `examples/exercises/loop-in-handler.ts`. */
  readonly file: string;
  readonly attackClass: string;
  readonly tries: string;
  readonly defence: string;
  readonly expected: { readonly typed: string; readonly sfi: string };
  /** Path of its scenario in the package. */
  readonly scenarioFile: string;
  readonly app?: string;
  readonly with: readonly { readonly file: string; readonly app?: string }[];
  readonly checks: { readonly typed: readonly string[]; readonly sfi: readonly string[] };
  /** Sandbox limits of its runs besides the defaults (its `Limits:` line), by name. */
  readonly limits: Readonly<Record<string, number>>;
  /** The header's free text (how the attack works, where it stops), one paragraph per entry. */
  readonly explanation: readonly string[];
}

export interface PlaygroundExamples {
  /** Every example file (extensions, scenarios, traces) by its path in the package. */
  readonly files: Readonly<Record<string, string>>;
  readonly exercises: readonly ExerciseInfo[];
  /** The scenario `spin load` runs when none is given. */
  readonly defaultScenario: string;
  /** The extension the page opens with. */
  readonly defaultExtension: string;
}

/** The type check's own files: TypeScript's ES library and the generated extension API. */
export interface PlaygroundLibFiles {
  /** `lib.es2022.d.ts` → text, and every library file it references. */
  readonly lib: Readonly<Record<string, string>>;
  /** extensions/api/extension.d.ts */
  readonly api: string;
}
