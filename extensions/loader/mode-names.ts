/**
 * The execution modes' names: the registry (modes.ts) has exactly these, and whatever only needs
 * the names (the playground's page, a share link's validation) imports them from here without
 * pulling in the type checker and the SFI rewriter.
 */
export const MODE_NAMES = ["typed", "sfi"] as const;

export type ModeName = (typeof MODE_NAMES)[number];

/** The mode used when none is asked for. */
export const DEFAULT_MODE: ModeName = "typed";

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}
