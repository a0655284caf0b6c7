/**
 * Sharing one measured total among the handlers of a batch (several handlers of one domain run
 * in one crossing, so the host measures the crossing, not each handler). The weights are the
 * handlers' exact fuel: deterministic, counted the same way in every placement. A batch whose
 * handlers counted no fuel at all shares evenly.
 */

/** `total` split in proportion to `weights` (evenly when they add up to nothing), as fractions. */
export function shareByWeight(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0)) return weights.map(() => total / n);
  return weights.map((w) => (total * w) / sum);
}

/**
 * A whole `total` split in proportion to `weights` in whole units (largest remainder; ties to the
 * earlier handler), so the parts add up to the total exactly and repeat byte for byte.
 */
export function shareWhole(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let sum = 0;
  for (const w of weights) sum += w;
  const exact = sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / n);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) parts[order[k]!.i]!++;
  return parts;
}
