/**
 * The compile of a regex an extension makes from a string, charged (builtin-fuel.ts). Making a
 * regex parses its whole pattern in C++, the V8 placements compile it again for the linear-engine
 * check (linear-regexp.ts: a new pattern, not one answered before), and V8 compiles it to code at
 * its first match: none of it was fuel, and only the match was charged, by its subject. Red team
 * 10's regexp-compile-uncharged made `new RegExp(p + i)` with p 57,344 characters of `(?:a|b)` in a
 * loop: ~900 units an iteration (the `+`'s copy), ~10-20 ms of compiling, so the deadline, not the
 * budget, ended the call. Measured on Node 20 under this machine's load, construction with the
 * check and the first match's compile cost up to ~140 ns a character of source for the common
 * families (alternations, classes) and ~5.7 us a `\w` (its program is code for four ranges,
 * compiled at the first match): charged REGEX_COMPILE_FUEL units per character of source and per
 * instruction of the program regexp-cost.ts estimates, a default budget's worth at most ~100 ms
 * of compiling (the `\w` worst case). Charged for every regex made, compiled before or not: V8
 * caches what it compiled, but a charge that depended on what this process did before would not
 * repeat.
 */
import { chargeBuiltinWork, chargingBuiltinWork } from "./builtin-fuel.js";
import { patternCost } from "./regexp-cost.js";

/** Fuel units per character of a pattern's source and per instruction of its program. */
export const REGEX_COMPILE_FUEL = 4;

/** Charge the guest call running now for compiling `/source/flags`, before the expensive compiles. */
export function chargeRegexCompile(source: string, flags: string): void {
  if (!chargingBuiltinWork()) return;
  const size = patternCost(source, flags.includes("s") ? "s" : "").size;
  chargeBuiltinWork((source.length + size) * REGEX_COMPILE_FUEL);
}
