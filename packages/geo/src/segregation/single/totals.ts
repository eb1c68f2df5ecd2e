/** Σx and Σt over areas with t > 0 (areas with no population contribute nothing). */
export function groupAndTotal(x: ArrayLike<number>, t: ArrayLike<number>): [number, number] {
  let X = 0;
  let T = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i]! > 0) {
      X += x[i]!;
      T += t[i]!;
    }
  }
  return [X, T];
}

/**
 * Σx and Σ(t − x) — the group X and the rest Y — over areas with t > 0: the two totals the
 * share-based indices divide by (aᵢ = xᵢ/X, bᵢ = yᵢ/Y).
 */
export function groupAndRest(x: ArrayLike<number>, t: ArrayLike<number>): [number, number] {
  const [X, T] = groupAndTotal(x, t);
  return [X, T - X];
}
