/**
 * The page's counterpart of extensions/verifier/regexp-linearity.ts: a page cannot set V8's flags
 * to ask its linear-time engine, so no-nonlinear-regexp reads the regex's text instead
 * (sandbox/regexp-features.ts). Not exact where V8's answer is (nested counts whose product passes
 * V8's limit are accepted here): the page runs only the QuickJS placements, whose regex engine
 * polls the budget, so a regex accepted here and refused by the CLI is refused at load there.
 */
import { nonLinearFeature } from "../../sandbox/regexp-features.js";

export function linearRegExpRefusal(source: string, flags: string): string | undefined {
  try {
    new RegExp(source, flags);
  } catch {
    return undefined;
  }
  return nonLinearFeature(source, flags);
}
