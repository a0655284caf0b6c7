/**
 * The execution modes' names: the registry (modes.ts) has exactly these, and whatever only needs
 * the names (the playground's page, a share link's validation) imports them from here without
 * pulling in the type checker and the SFI rewriter.
 */
import { fuelForBudget, type SfiOptionsInput } from "../sfi/options.js";

export const MODE_NAMES = ["typed", "sfi"] as const;

export type ModeName = (typeof MODE_NAMES)[number];

/** The mode used when none is asked for. */
export const DEFAULT_MODE: ModeName = "typed";

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}

/**
 * A mode as data (`ExecutionMode.spec`): its name and options. What the command line asks for
 * without loading the modes themselves (they load the compiler), and what the type check's worker
 * makes the mode from (`modeFromSpec` in modes.ts).
 */
export type ModeSpec = { readonly name: "typed" } | { readonly name: "sfi"; readonly options: SfiOptionsInput };

/** The spec of `modeNamed(name, budgetPolls)` (modes.ts): the same mode, as data. */
export function modeSpecNamed(name: ModeName, budgetPolls?: number): ModeSpec {
  if (name === "typed") return { name };
  return { name, options: budgetPolls === undefined ? {} : { fuel: fuelForBudget(budgetPolls) } };
}
