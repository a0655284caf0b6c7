/**
 * Files of this package the loader needs, found from this module's own location (never the
 * current directory), so that `spin load` works from anywhere and from the compiled dist/ tree.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The spin-kernel package folder (the one holding package.json). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        const name = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown }).name;
        if (name === "spin-kernel") return (root = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("internal: cannot find the spin-kernel package folder");
    dir = parent;
  }
}

/** The generated extension API that `spin-kernel/extension` resolves to when checking. */
export function apiDeclarationFile(): string {
  return path.join(packageRoot(), "extensions", "api", "extension.d.ts");
}

/** The workload `spin load` runs when no scenario is given. */
export function defaultScenarioFile(): string {
  return path.join(packageRoot(), "examples", "scenarios", "looping.json");
}
