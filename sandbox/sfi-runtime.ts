/**
 * The SFI runtime of one module: sandbox/guest/sfi-runtime.js (which says what it does and how it
 * is written), embedded at build time (scripts/embed-guest.mjs), with the lines of the passes that
 * are off left out and the module's values put in. It is prepended to the rewritten module, so its
 * line count shifts every position (extensions/sfi/rewrite.ts maps them back).
 */
import { SFI_RUNTIME_JS } from "./guest.generated.js";

/** Synthetic stack lines at or above this denote SFI check sites, not lines of the JS. */
export const SITE_LINE_BASE = 10_000_000;

/** What the runtime is built for: the rewriter's options it depends on, and the module's sites. */
export interface RuntimeConfig {
  /** Fuel per handler invocation (and for module evaluation). */
  readonly fuel: number;
  /** Heap size in Int32Array elements. */
  readonly heapSize: number;
  /** Results are checked against the invocation's capabilities (pass capability). */
  readonly capability: boolean;
  /** The function table of indirect calls and the taming of reflection (pass control). */
  readonly control: boolean;
  /** `pager.ts:12:7` for each check site, by site number. */
  readonly sites: readonly string[];
  /** File name of the module in guest stacks (`pager.js`). */
  readonly jsFile: string;
}

/** The switches the runtime's `//#if` lines name. */
type Switch = "capability" | "control";

/** The runtime's lines for one setting of the switches, comment lines and blank lines dropped. */
function specialize(on: Readonly<Record<Switch, boolean>>): string {
  const kept: string[] = [];
  // One entry per open `//#if`: is this branch kept?
  const open: boolean[] = [];
  const lines = SFI_RUNTIME_JS.split("\n");
  lines.forEach((line, i) => {
    const directive = /^\/\/#(if|else|endif)\b\s*(\w*)\s*$/.exec(line.trim());
    if (directive !== null) {
      const [, verb, name] = directive;
      if (verb === "if") {
        if (name !== "capability" && name !== "control")
          throw new Error(`internal: sandbox/guest/sfi-runtime.js, embedded line ${i + 1}: unknown switch "${name}"`);
        open.push(on[name]);
      } else if (open.length === 0 || name !== "") {
        throw new Error(`internal: sandbox/guest/sfi-runtime.js, embedded line ${i + 1}: ${line.trim()} out of place`);
      } else if (verb === "else") open.push(!open.pop()!);
      else open.pop();
      return;
    }
    if (line.trim() === "" || line.trim().startsWith("//")) return;
    if (open.every((keep) => keep)) kept.push(line);
  });
  if (open.length > 0) throw new Error("internal: sandbox/guest/sfi-runtime.js: an //#if is not closed");
  return kept.join("\n") + "\n";
}

const specialized = new Map<string, string>();

/** The runtime source; it never contains a newline inside a statement the mapper cares about. */
export function runtimeSource(cfg: RuntimeConfig): string {
  const key = `${cfg.capability}:${cfg.control}`;
  let text = specialized.get(key);
  if (text === undefined) {
    text = specialize({ capability: cfg.capability, control: cfg.control });
    specialized.set(key, text);
  }
  // One pass, so that a value put in (a file name, a site) is never read as a placeholder.
  return text.replace(/__SFI_(SITES|FUEL|HEAP|JS_FILE|SITE_LINE_BASE|CAPABILITY|KERNEL)__/g, (_, name: string) => {
    if (name === "CAPABILITY") return cfg.capability ? "true" : "false";
    if (name === "KERNEL") return cfg.capability ? "__sfi_kernel" : "__sfi_api.kernel";
    if (name === "SITES") return JSON.stringify(cfg.sites);
    if (name === "FUEL") return String(cfg.fuel);
    if (name === "HEAP") return String(cfg.heapSize);
    if (name === "JS_FILE") return JSON.stringify(cfg.jsFile);
    return String(SITE_LINE_BASE);
  });
}
