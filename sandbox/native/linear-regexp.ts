/**
 * V8's regex engine backtracks in native code without counting fuel: `/(a+)+$/` over 24 a's and a
 * b ran ~1 s of backtracking at 0 fuel, and whether a call then hit the 1000 ms deadline depended
 * on the machine's load (red team 4: same-seed runs differed). V8 can switch a regex that
 * backtracks too much to its linear-time engine (automaton, no backtracking) mid-match: the
 * switch happens after a fixed count of backtracks, not a time, so it is deterministic, and the
 * match result is the same. Measured (Node 20): 24 a's 1,911 ms → 5.7 ms; 28 a's 3,331 ms →
 * 0.7 ms; 40 a's 0.1 ms.
 *
 * The linear engine cannot run every regex: not a backreference, a lookahead or lookbehind, the
 * `i`, `u`, `v` or `d` flag, or a counted repetition past its replication limit (`a{1000}`). Such
 * a regex cannot switch, so it kept backtracking without fuel until the deadline (red team 5:
 * `/(a+)+\1?$/`, same-seed runs differed). So the V8 placements run only regexes the linear
 * engine can run: `linearRegExpRefusal` answers whether one can, by asking V8 itself to compile
 * it with the `l` flag (linear engine only, `--enable-experimental-regexp-engine`). V8 refuses
 * an `l` regex with "Cannot be executed in linear time" exactly when
 * `ExperimentalRegExp::CanBeHandled` is false, and that same predicate decides whether a
 * backtracking regex may fall back (v8/src/regexp/regexp.cc, RegExpImpl::Compile and
 * RegExpImpl::Compile's backtrack-limit setup): the answer is exact for this V8, not a guess at
 * its rules. An extension cannot make any other regex: the verifier refuses such a literal at
 * load time (no-nonlinear-regexp), and its Compartment's RegExp and String's match, matchAll and
 * search of a string refuse such a pattern (bounded-strings.ts).
 *
 * V8 flags are process-wide and are part of the tag V8 checks code caches against, so all of
 * them are set together, before the first V8-placement worker starts (supervised-run.ts,
 * server-vm.ts) and before the type check's worker loads the compiler from its code cache
 * (extensions/check/typescript-code-cache.ts): every process compiles with the same flags.
 */
import v8 from "node:v8";
import { nonLinearFeature } from "../regexp-features.js";

/** Backtracks a match may take before V8 reruns it in the linear engine (V8's default, explicit). */
export const BACKTRACKS_BEFORE_LINEAR = 50_000;

let applied = false;

export function useLinearRegExpFallback(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString("--enable-experimental-regexp-engine");
  v8.setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_LINEAR}`);
}

/** The realm's own RegExp, taken before a hardened realm's lockdown tames it. */
const IntrinsicRegExp = RegExp;

/** Answers already given (a pattern met again, e.g. a literal evaluated in a loop); bounded. */
const answers = new Map<string, string | undefined>();
const MAX_ANSWERS = 4096;

/**
 * Why V8's linear-time engine cannot run the regex `/source/flags`, or undefined when it can.
 * A pattern that is not a valid regex at all is not this function's to refuse (undefined: the
 * engine or the type check reports it).
 */
export function linearRegExpRefusal(source: string, flags: string): string | undefined {
  const key = `${flags}/${source}`;
  if (answers.has(key)) return answers.get(key);
  useLinearRegExpFallback();
  let refusal: string | undefined;
  try {
    new IntrinsicRegExp(source, flags.includes("l") ? flags : `${flags}l`);
  } catch {
    try {
      new IntrinsicRegExp(source, flags);
      refusal = nonLinearFeature(source, flags) ?? "a construct the linear engine lacks";
    } catch {
      refusal = undefined;
    }
  }
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, refusal);
  return refusal;
}

/**
 * Forget every answer: a pooled simulation worker's next job starts as a fresh worker's does. A
 * guest's regex construction asks here inside its call, and working an answer out runs the
 * realm's wrapped builtins, which charge the guest: with answers kept from an earlier job, the same
 * run would be charged less in a warm worker than in a fresh one (found by the matrix's
 * determinism check, regex-backref-constructor [native]).
 */
export function forgetLinearRegExpAnswers(): void {
  answers.clear();
}

/** Check, once per process, that V8 answers: a realm that cannot tell would refuse every regex. */
export function assertLinearRegExpCheckWorks(): void {
  if (linearRegExpRefusal("a+b", "g") !== undefined || linearRegExpRefusal("(a)\\1", "") === undefined)
    throw new Error("internal: V8's linear regex engine does not answer (--enable-experimental-regexp-engine)");
}
