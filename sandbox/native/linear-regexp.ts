/**
 * V8's regex engine backtracks in native code without counting fuel: `/(a+)+$/` over 24 a's and a
 * b ran ~1 s of backtracking at 0 fuel, and whether a call then hit the 1000 ms deadline depended
 * on the machine's load (red team 4: same-seed runs differed). V8 can switch a regex that
 * backtracks too much to its linear-time engine (automaton, no backtracking) mid-match: the
 * switch happens after a fixed count of backtracks, not a time, so it is deterministic, and the
 * match result is the same (regexes the linear engine cannot run, with backreferences or
 * lookaround, keep backtracking). Measured (Node 20): 24 a's 1,911 ms → 5.7 ms; 28 a's 3,331 ms →
 * 0.7 ms; 40 a's 0.1 ms. V8 flags are process-wide and read when an isolate is made: this must run
 * before the first V8-placement worker starts (supervised-run.ts, server-vm.ts call it).
 */
import v8 from "node:v8";

/** Backtracks a match may take before V8 reruns it in the linear engine (V8's default, explicit). */
export const BACKTRACKS_BEFORE_LINEAR = 50_000;

let applied = false;

export function useLinearRegExpFallback(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_LINEAR}`);
}
