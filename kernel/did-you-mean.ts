/**
 * "Did you mean ...?" for every misspelt name a user can type (policies, their options,
 * generators, scenario keys, enumerated values): one notion of a plausible typo, here in the
 * lowest layer, so that policies/ and workloads/ (which do not import each other) suggest alike.
 */

/**
 * Edit distance counting an adjacent transposition as one edit (optimal string alignment), so
 * "lur" is one edit from "lru"; case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The closest of `known` to `input`, if it is close enough to be a plausible typo: within a third
 * of the input's length (at least 1, at most 3 edits), or else `input` (2 characters or more)
 * abbreviates it ("hi" for "high"). Ties go to the earlier entry of `known`.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(input, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const tolerance = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  if (best !== undefined && bestDistance <= tolerance) return best;
  if (input.length < 2) return undefined;
  const lower = input.toLowerCase();
  return known.find((name) => name.toLowerCase().startsWith(lower));
}
