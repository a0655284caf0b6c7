/**
 * Fuel for the work a builtin does in native code, in the V8 placements. The fuel pass counts a
 * guest's loop back-edges and function entries; a builtin call is none of them, whatever it
 * walks: `"ab".repeat(2 ** 20).indexOf("c")` was ~1 ms of native work for one unit, and a regex
 * V8's linear-time engine runs costs its subject's length times its pattern's size (a 1,000-way
 * alternation over 10,000 characters: 1 s at 0 fuel). Red team 6 looped such calls, 20 more on
 * each call, until the 1000 ms deadline, not the fuel, ended a call, at a point that depends on
 * the machine's load: same seed, different bytes.
 *
 * So the bounded wrappers (bounded-strings.ts, bounded-builtins.ts) charge, before the builtin
 * runs, units proportional to the work its inputs allow, computed from those inputs only
 * (deterministic): fuel runs out at the same call every run, long before the deadline. The rates
 * are set by measurement (Node 20): a unit of the fuel pass is a loop iteration, ~2-3 ns; a
 * string search or copy costs ~0.5-1 ns a character (CHARS_PER_FUEL: 4); an array walk about
 * the same an element (ELEMENTS_PER_FUEL: 4), a join or a sort's comparison a unit each; the
 * linear regex engine ~30-70 ns per character of subject times instruction of the program the
 * pattern compiles to (regexp-cost.ts estimates it from the pattern: class escapes are many
 * ranges, counted repetitions are unrolled; REGEX_CELLS_PER_FUEL: 2, i.e. the default budget of
 * 990,000 units is at most ~140 ms of linear-engine work, far below the 1000 ms deadline). A
 * regex the backtracking engine finishes costs less than its charge: the charge is the worst
 * case the inputs allow, as the engine may switch to the linear one after 50,000 backtracks.
 * Every match attempt is an `exec` (test and the symbol methods call it, once a match), charged
 * from where it starts (lastIndex for a global or sticky regex) to the end, or, for a sticky
 * attempt, which is anchored, to the end of the pattern's longest match (split runs one at every
 * position: red team 7's 3,000-character split was charged ~4.5 M units for the rest of the
 * subject at each). A global regex over a long string with many matches is charged for the rest
 * of the string at each match, a quadratic over-charge (a string separator or search is charged
 * by length), and so is a sticky one whose pattern has an unbounded repetition.
 *
 * Red team 7 (rope-flatten-oom, cons-string-compare-clock): `+`, `+=` and template literals
 * make strings with no wrapper to see them (V8 makes ropes, flattened later in C++): the fuel
 * pass routes them through the frame's check (extensions/sfi/passes/strings.ts), bounded by the
 * realm's string bound and charged CONCAT_CHARS_PER_FUEL.
 *
 * The charge applies while a guest call runs (NativeVM swaps the charger in around it): the
 * kernel's own calls of these builtins, between guest calls, are not charged. A guest's promise
 * job, which V8 runs outside its calls, runs with a charger that refuses every charge
 * (guest-jobs.ts).
 */

/** Characters of string work per fuel unit. */
export const CHARS_PER_FUEL = 4;

/**
 * Characters of a string made by `+`, `+=` or a template literal per fuel unit (the frame's
 * __sfi_cat, extensions/sfi/passes/strings.ts). V8 makes such a string a rope in O(1); what it
 * may cost later is one flatten, a copy (~0.3-1 ns a character), which most never need (a
 * string that is only stored or logged in part). Charged as QuickJS's prelude charges a string
 * a builtin returns (64 characters a tick), so that a whole budget of it (~63 M characters) is
 * at most ~60 ms of copying, far under the deadline, and logging long lines is not a budget
 * fault (log-flood). A walk of the string (a search, a regex) is charged again by its wrapper.
 */
export const CONCAT_CHARS_PER_FUEL = 64;

/**
 * Array elements a walking builtin visits per fuel unit (indexOf, fill, slice: ~0.5-1 ns an
 * element). A join converts each element (~20-50 ns): one unit an element; a sort without a
 * comparator compares n log2 n pairs of strings: one unit a comparison (bounded-builtins.ts).
 */
export const ELEMENTS_PER_FUEL = 4;

/**
 * Units a step of an array's, a Set's or a Map's iterator costs, charged for every element when
 * the iterator is made (bounded-builtins.ts, bounded-collections.ts), and for each step past
 * those by its wrapped `next` (iterator-steps.ts): each step is a call of that `next`. Measured in a server's realm
 * at load 20, per element of 2^19: a for-of ~21 ns, a spread ~60 ns, a plain loop iteration
 * (one unit) ~5 ns.
 */
export const ITERATOR_STEP_FUEL = 4;

/** Units Array.from adds per element it makes (measured ~80 ns a step with the iterator's). */
export const ARRAY_FROM_STEP_FUEL = 12;

/**
 * Characters of a text JSON.parse reads per fuel unit (bounded-json.ts): one. Its scan is cheap
 * where the text is a long string or number (~2-7 ns a character), but every `[]`, `{}` or
 * new key in it is an allocation or a dictionary insert a few characters long: measured on
 * Node 20 under this machine's load (~7 on 2 cores), a 2^19-character text of empty arrays
 * ~265 ns a character, of distinct keys ~273, of zeros 6-88 (red team 18, json-parse-uncharged:
 * three hundred parses of 2^19 characters a call, none charged, held native's and a server's
 * thread to the deadline). At a unit a character a default budget parses at most ~1 M
 * characters, ~0.27 s of the worst shape under that load, inside the deadline. QuickJS's
 * prelude charges the same, a loop iteration a character (prelude.js parseNesting).
 */
export const JSON_PARSE_CHARS_PER_FUEL = 1;

/** Subject characters times pattern-source characters of a regex match per fuel unit. */
export const REGEX_CELLS_PER_FUEL = 2;

/** Takes `units` from the running guest call's fuel, or throws (its fuel spent) when they are not there. */
export type BuiltinCharger = (units: number) => void;

let charger: BuiltinCharger | undefined;

/**
 * Take `units` from the running guest call. The charger runs uncharged: when the fuel is out it
 * makes the error it throws, and an Error's construction in a hardened realm walks arrays
 * through the wrapped builtins (its stack), which charged again, failed again and made another
 * error, until V8's stack overflowed in the kernel (kernel-heap-by-design found it).
 */
function charge(c: BuiltinCharger, units: number): void {
  charger = undefined;
  try {
    c(units);
  } finally {
    charger = c;
  }
}

/** Charge `units` of builtin work to the guest call running now, if any (it throws when fuel runs out). */
export function chargeBuiltinWork(units: number): void {
  if (charger !== undefined && units >= 1) charge(charger, units);
}

/** Charge a string walk of `chars` characters. */
export function chargeChars(chars: number): void {
  if (charger !== undefined && chars >= CHARS_PER_FUEL) charge(charger, Math.floor(chars / CHARS_PER_FUEL));
}

/** Charge JSON.parse's read of a text of `chars` characters (JSON_PARSE_CHARS_PER_FUEL). */
export function chargeJsonText(chars: number): void {
  if (charger !== undefined && chars >= JSON_PARSE_CHARS_PER_FUEL)
    charge(charger, Math.floor(chars / JSON_PARSE_CHARS_PER_FUEL));
}

/** Charge a walk of `elements` array elements. */
export function chargeElements(elements: number): void {
  if (charger !== undefined && elements >= ELEMENTS_PER_FUEL) charge(charger, Math.floor(elements / ELEMENTS_PER_FUEL));
}

/** Whether a guest call runs now (a wrapper computes a charge only then). */
export function chargingBuiltinWork(): boolean {
  return charger !== undefined;
}

/** Charge one regex match attempt: the subject's characters it may scan times its program's size (regexp-cost.ts; both + 1). */
export function chargeRegexMatch(scannedChars: number, programSize: number): void {
  if (charger !== undefined)
    charge(charger, Math.floor(((scannedChars + 1) * (programSize + 1)) / REGEX_CELLS_PER_FUEL));
}

/** The charger set now (guest-jobs.ts: a promise made while a guest call runs is the guest's). */
export function activeBuiltinCharger(): BuiltinCharger | undefined {
  return charger;
}

/** Make `charge` the charger; returns the previous one, to be put back (a nested guest call). */
export function swapBuiltinCharger(charge: BuiltinCharger | undefined): BuiltinCharger | undefined {
  const previous = charger;
  charger = charge;
  return previous;
}

/**
 * Run `body` uncharged: the realm's own work inside a guest call that is not the guest's (SES's
 * `compartment.evaluate` scans the module's text with regexes before the module runs).
 */
export function withoutBuiltinCharger<T>(body: () => T): T {
  const previous = charger;
  charger = undefined;
  try {
    return body();
  } finally {
    charger = previous;
  }
}
