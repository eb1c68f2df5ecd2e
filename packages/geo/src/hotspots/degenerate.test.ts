// An area whose analytical variance is zero (it borders every other area with equal weights) has
// no normal test: z and p_norm are NaN and it is never labelled a cluster (spdep gives ±∞, p = 0).
import { describe, expect, it } from 'vitest';
import { transformWeights, weightsFromLists } from '../weights/csr.js';
import { localGetisOrd, localMoran } from './local.js';

const line = transformWeights(weightsFromLists(['a', 'b', 'c'], [[1], [0, 2], [1]]), 'R');
const star = transformWeights(
  weightsFromLists(['hub', 'p1', 'p2', 'p3', 'p4', 'p5'], [[1, 2, 3, 4, 5], [0], [0], [0], [0], [0]]),
  'R',
);

describe('zero analytical variance', () => {
  // Under conditional randomisation (spdep's default) only the neighbours move, so an area whose
  // neighbours are all the others has a fixed I_i; the esda variant's moments vanish here too at
  // n = 3. (The total-randomisation variance, with b2 over n, does not: 0.125.)
  it.each(['conditional', 'esda'] as const)('local Moran (%s): the middle of a 3-area line', (variant) => {
    const r = localMoran(line, [1, 2, 5], { permutations: 0, variant });
    expect(Math.abs(r.VIi[1] as number)).toBeLessThan(1e-12);
    expect(r.z[1]).toBeNaN();
    expect(r.p_norm[1]).toBeNaN();
    expect(r.cluster[1]).toBe('ns');
    // The ends have a proper test.
    expect(Number.isFinite(r.z[0] as number)).toBe(true);
    expect(Number.isFinite(r.z[2] as number)).toBe(true);
  });

  it('local Moran: a hub bordering all five others, and its permutation p is 1', () => {
    const x = [10, 1, 2, 3, 4, 5];
    const r = localMoran(star, x, {
      permutations: 99,
      seed: 1,
      significance: 'norm',
      variant: 'conditional',
    });
    expect(r.z[0]).toBeNaN();
    expect(r.cluster[0]).toBe('ns');
    // Every permutation of the hub's neighbours is the same set: all ties, pseudo-p = 1.
    expect(r.p_sim[0]).toBe(1);
    expect(Number.isFinite(r.z[1] as number)).toBe(true);
  });

  it('Gi*: a row holding every area with equal weights', () => {
    const g = localGetisOrd(star, [10, 1, 2, 3, 4, 5], { permutations: 0 });
    expect(g.z[0]).toBeNaN();
    expect(g.p_norm[0]).toBeNaN();
    expect(g.cluster[0]).toBe('ns');
    expect(Number.isFinite(g.z[1] as number)).toBe(true);
  });
});
