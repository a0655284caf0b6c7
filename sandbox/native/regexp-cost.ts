/**
 * What one match attempt of a regex costs V8's linear-time engine, estimated from its pattern,
 * for builtin-fuel.ts's charge. The engine (V8's experimental engine, linear-regexp.ts) compiles
 * a pattern to a program of instructions and runs every live thread of it over each subject
 * character, so its work is the subject's length times the program's size, and the program is
 * not the source: a class escape is a list of ranges (`\S` is 11 of them, so `\S` costs 11 times
 * `x`), and a counted repetition is unrolled (`a{16}` is 16 copies of `a`). Red team 7: the charge
 * by source length put `/\S{16}\S{16}\S{16}\S{16}x/` (30 characters of source, ~770 ranges
 * compiled) ~100 times under its work, so the deadline, not fuel, ended a call.
 *
 * `patternCost` walks the pattern once (ECMAScript syntax without the `u` and `v` flags: the V8
 * placements run no other, linear-regexp.ts) and answers:
 *  - `size`: ranges and characters to test, each counted once per copy the compiler makes of it
 *    (counted repetitions multiply), plus one a choice (alternative, optional, repeated) and a
 *    group: an honest estimate of the compiled program's size, from the source alone
 *    (deterministic);
 *  - `maxLength`: the most characters a match can span (Infinity with `*`, `+` or `{m,}`), which
 *    bounds what an anchored (sticky) attempt can scan: `split` runs one at every position of its
 *    subject (red team 7: charging each for the rest of the subject made a 3,000-character split
 *    cost ~4.5 M units).
 * A pattern the estimate cannot read (not a valid regex: the engine refuses it anyway) is
 * costed as its source's length, unbounded.
 */

/** Ranges of each class escape (and `.`) over UTF-16 code units, counted by test/sandbox/regexp-cost.test.ts. */
export const ESCAPE_RANGES: Readonly<Record<string, number>> = { d: 1, D: 2, w: 4, W: 5, s: 10, S: 11 };
/** Ranges of `.`: every code unit but the four line terminators; one with the `s` flag. */
export const DOT_RANGES = 4;
/**
 * Instructions a range of a class costs, against a character's one: each is a choice of the
 * program (a fork, a test, a jump). Measured (Node 20, linear engine): with 3, the patterns of
 * test/sandbox/regexp-cost.test.ts's calibration cost 110-270 ns per subject character x size
 * on a loaded machine, where a range counted once put `\S{16}` ~3 times above the rest.
 */
export const RANGE_COST = 3;

export interface PatternCost {
  /** The program's size: what each subject character is tested against, at most. */
  readonly size: number;
  /** The longest match, in characters (Infinity when unbounded). */
  readonly maxLength: number;
}

interface Node {
  size: number;
  maxLength: number;
}

class Parser {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const n = this.alternation();
    if (this.at < this.source.length) throw new SyntaxError("unbalanced )");
    return n;
  }

  private alternation(): Node {
    let node = this.sequence();
    while (this.source[this.at] === "|") {
      this.at++;
      const next = this.sequence();
      node = { size: node.size + next.size + 1, maxLength: Math.max(node.maxLength, next.maxLength) };
    }
    return node;
  }

  private sequence(): Node {
    const node = { size: 0, maxLength: 0 };
    while (this.at < this.source.length && this.source[this.at] !== "|" && this.source[this.at] !== ")") {
      const term = this.quantified(this.atom());
      node.size += term.size;
      node.maxLength += term.maxLength;
    }
    return node;
  }

  private atom(): Node {
    const c = this.source[this.at++]!;
    switch (c) {
      case "^":
      case "$":
        return { size: 1, maxLength: 0 };
      case ".":
        return { size: RANGE_COST * (this.dotAll ? 1 : DOT_RANGES), maxLength: 1 };
      case "(": {
        // `(?:`, `(?<name>`; lookarounds never reach here (the linear engine refuses them).
        if (this.source[this.at] === "?") {
          this.at++;
          if (this.source[this.at] === "<") {
            const end = this.source.indexOf(">", this.at);
            if (end < 0) throw new SyntaxError("unterminated group name");
            this.at = end + 1;
          } else this.at++;
        }
        const inner = this.alternation();
        if (this.source[this.at++] !== ")") throw new SyntaxError("unterminated group");
        return { size: inner.size + 2, maxLength: inner.maxLength };
      }
      case "[":
        return { size: RANGE_COST * this.classRanges(), maxLength: 1 };
      case "\\":
        return this.escape();
      default:
        return { size: 1, maxLength: 1 };
    }
  }

  /** An escape outside a class: a class escape's ranges, an assertion, or one character. */
  private escape(): Node {
    const e = this.source[this.at++];
    if (e === undefined) throw new SyntaxError("\\ at end of pattern");
    const ranges = ESCAPE_RANGES[e];
    if (ranges !== undefined) return { size: RANGE_COST * ranges, maxLength: 1 };
    if (e === "b" || e === "B") return { size: 1, maxLength: 0 };
    return { size: 1, maxLength: 1 };
  }

  /** `[...]` after its `[`: the ranges it tests (a negated class: one more than its items). */
  private classRanges(): number {
    let ranges = 0;
    const negated = this.source[this.at] === "^";
    if (negated) this.at++;
    while (this.at < this.source.length && this.source[this.at] !== "]") {
      const c = this.source[this.at++]!;
      if (c === "\\") {
        const e = this.source[this.at++];
        ranges += (e === undefined ? undefined : ESCAPE_RANGES[e]) ?? 1;
      } else if (c === "-" && ranges > 0 && this.source[this.at] !== "]") {
        // `a-z`: the range's end joins the item before it.
        if (this.source[this.at++] === "\\") this.at++;
      } else ranges++;
    }
    if (this.source[this.at++] !== "]") throw new SyntaxError("unterminated class");
    return Math.max(1, negated ? ranges + 1 : ranges);
  }

  /** `atom` with the quantifier that follows it, if any (a lazy `?` after it changes no cost). */
  private quantified(atom: Node): Node {
    const q = this.source[this.at];
    let min: number;
    let max: number;
    if (q === "*" || q === "+" || q === "?") {
      this.at++;
      min = q === "+" ? 1 : 0;
      max = q === "?" ? 1 : Number.POSITIVE_INFINITY;
    } else if (q === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at, this.at + 24));
      if (m === null) return atom; // a literal `{`
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    } else return atom;
    if (this.source[this.at] === "?") this.at++;
    // Unrolled: `min` copies, then `max - min` optional ones (or one loop); a choice each.
    const copies = Number.isFinite(max) ? max : min + 1;
    const choices = Number.isFinite(max) ? max - min : 1;
    return { size: atom.size * copies + choices, maxLength: atom.maxLength === 0 ? 0 : atom.maxLength * max };
  }
}

/** Answers already given (a regex runs many times); bounded. */
const costs = new Map<string, PatternCost>();
const MAX_COSTS = 4096;

/** Forget every cost worked out: a pooled simulation worker's next job starts as a fresh worker's does (linear-regexp.ts, forgetLinearRegExpAnswers). */
export function forgetPatternCosts(): void {
  costs.clear();
}

/** The cost of one match attempt of `/source/flags` per subject character, and its longest match. */
export function patternCost(source: string, flags: string): PatternCost {
  const key = `${flags}/${source}`;
  const known = costs.get(key);
  if (known !== undefined) return known;
  let cost: PatternCost;
  try {
    const n = new Parser(source, flags.includes("s")).parse();
    cost = { size: n.size, maxLength: n.maxLength };
  } catch {
    cost = { size: source.length, maxLength: Number.POSITIVE_INFINITY };
  }
  if (costs.size >= MAX_COSTS) costs.clear();
  costs.set(key, cost);
  return cost;
}
