/**
 * The counts a sweep runs at, as a user writes them: `4`, `1..8` (every count), `1..64x2` (each
 * twice the last), `10..100+10` (each 10 more), and lists of these (`1..8,16,32`). Expanded in
 * ascending order without repeats, and never past `max` counts: a range is refused as soon as it
 * would hold more, before it is built, so `1..1000000000` costs nothing to reject.
 */

export type CountList =
  | { readonly ok: true; readonly counts: readonly number[] }
  | { readonly ok: false; readonly message: string };

const ITEM = /^(\d+)(?:\.\.(\d+)(?:([x+])(\d+))?)?$/;

/**
 * `text` expanded, each count from `min` to `hi`, at most `max` of them; or a message that names
 * `what` (the flag) and says what to write instead.
 */
export function parseCounts(what: string, text: string, min: number, hi: number, max: number): CountList {
  const fail = (detail: string): CountList => ({
    ok: false,
    message: `--${what}: ${detail} (write counts from ${min} to ${hi} as 4, 1..8, 1..64x2, 10..100+10 or a comma-separated list of these)`,
  });
  const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  if (text.trim() === "") return fail("no counts given");
  const seen = new Set<number>();
  for (const raw of text.split(",")) {
    const item = raw.trim();
    const m = ITEM.exec(item);
    if (m === null) return fail(`cannot read ${shown(item)}`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (const [v, s] of [
      [from, m[1]!],
      [to, m[2] ?? m[1]!],
    ] as const)
      if (!Number.isSafeInteger(v) || v < min || v > hi) return fail(`${s} is outside ${min}..${hi}`);
    if (to < from) return fail(`${shown(item)} runs backwards: write the smaller count first`);
    const op = m[3];
    const by = m[4] === undefined ? 1 : Number(m[4]);
    if (op === "x" && (!Number.isSafeInteger(by) || by < 2))
      return fail(`the factor in ${shown(item)} must be 2 or more`);
    if (op === "+" && (!Number.isSafeInteger(by) || by < 1))
      return fail(`the step in ${shown(item)} must be 1 or more`);
    for (let v = from; v <= to; v = op === "x" ? v * by : v + by) {
      seen.add(v);
      if (seen.size > max)
        return fail(
          `${shown(text)} holds more than ${max} counts, the most one sweep runs: take fewer points (a factor, 1..1024x2, or a step, 8..512+8)`,
        );
    }
  }
  return { ok: true, counts: [...seen].sort((a, b) => a - b) };
}
