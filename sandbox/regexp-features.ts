/**
 * What keeps a regex from V8's linear-time engine, read from its text: the flags it lacks (`i`,
 * `u`, `v`, `d`), a backreference, a lookahead or lookbehind, a counted repetition above 16 (V8
 * unrolls counts, up to a replication limit: `a{16}` runs, `a{17}` does not, measured on Node
 * 20). A hint for a message, and the browser's whole answer (web/adapters/regexp-linearity.ts),
 * where a page cannot ask V8; the V8 placements ask V8 itself (native/linear-regexp.ts). Not
 * exact: a `\1` inside a class, nested counts whose product passes the limit.
 */
export function nonLinearFeature(source: string, flags: string): string | undefined {
  const flag = /[iuvd]/.exec(flags);
  if (flag !== null) return `the '${flag[0]}' flag`;
  if (/\\[1-9]|\\k</.test(source)) return "a backreference";
  if (/\(\?<?[=!]/.test(source)) return "a lookahead or lookbehind";
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > 16 || (m[2] !== undefined && m[2] !== "" && Number(m[2]) > 16))
      return "a counted repetition too large to unroll";
  }
  return undefined;
}
