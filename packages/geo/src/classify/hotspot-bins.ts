import { CohesionError } from '../errors.js';
import { normalTwoSided } from '../stats/normal.js';

/**
 * Confidence bins of a local Getis-Ord Gi* (or any signed local z) result, as ArcGIS's `Gi_Bin`:
 * +3 / −3 hot / cold spot at 99% confidence (p ≤ 0.01), ±2 at 95% (p ≤ 0.05), ±1 at 90% (p ≤ 0.10),
 * 0 not significant; the sign is the sign of z. When `p` is omitted it is the two-sided normal
 * p-value of z (2·(1 − Φ(|z|)), as spdep's `localG` p-values); pass permutation (pseudo) p-values to
 * use those instead. NaN z (no data) gives 0 and is reported in `missing`.
 *
 * @throws CohesionError LENGTH_MISMATCH when z and p differ in length.
 */
export function hotspotBins(
  z: ArrayLike<number>,
  p?: ArrayLike<number>,
): { bins: Int8Array; counts: Record<'-3' | '-2' | '-1' | '0' | '1' | '2' | '3', number>; missing: number } {
  if (p && p.length !== z.length) {
    throw new CohesionError('LENGTH_MISMATCH', `z has ${z.length} values but p has ${p.length}`, {
      value: p.length,
    });
  }
  const bins = new Int8Array(z.length);
  const counts = { '-3': 0, '-2': 0, '-1': 0, '0': 0, '1': 0, '2': 0, '3': 0 };
  let missing = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i] as number;
    if (Number.isNaN(zi)) {
      missing++;
      continue;
    }
    const pi = p ? (p[i] as number) : normalTwoSided(zi);
    const level = pi <= 0.01 ? 3 : pi <= 0.05 ? 2 : pi <= 0.1 ? 1 : 0;
    const b = zi > 0 ? level : zi < 0 ? -level : 0;
    bins[i] = b;
    counts[String(b) as keyof typeof counts]++;
  }
  return { bins, counts, missing };
}

/** LISA cluster codes: 0 not significant, 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low (esda's `q`). */
export type LisaCluster = 0 | 1 | 2 | 3 | 4;

/**
 * LISA cluster map codes (Anselin 1995; GeoDa / esda convention): quadrant q ∈ {1 HH, 2 LH, 3 LL,
 * 4 HL} (esda `Moran_Local.q`) kept where p ≤ alpha, else 0 "not significant".
 *
 * @throws CohesionError LENGTH_MISMATCH, INVALID_ARGUMENT for a quadrant outside 1..4 (with the row).
 */
export function lisaClusters(quadrant: ArrayLike<number>, p: ArrayLike<number>, alpha = 0.05): Uint8Array {
  if (quadrant.length !== p.length) {
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `quadrant has ${quadrant.length} values but p has ${p.length}`,
      {
        value: p.length,
      },
    );
  }
  const out = new Uint8Array(quadrant.length);
  for (let i = 0; i < quadrant.length; i++) {
    const q = quadrant[i] as number;
    if (q !== 1 && q !== 2 && q !== 3 && q !== 4) {
      throw new CohesionError('INVALID_ARGUMENT', `quadrant at row ${i} must be 1..4, got ${q}`, {
        row: i,
        value: q,
      });
    }
    out[i] = (p[i] as number) <= alpha ? q : 0;
  }
  return out;
}
