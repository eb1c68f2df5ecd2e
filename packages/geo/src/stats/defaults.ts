/**
 * The engine's default counts and seed — the one place they are set. Every statistic with
 * permutation or simulation inference (hotspots, segregation, the CLI through `@cohesion/geo`)
 * reads them from here; see docs/methods/hotspots.md, "Inference".
 */

/** Default number of permutations R for hotspot statistics (pseudo-p resolution 1/1000). */
export const DEFAULT_PERMUTATIONS = 999;

/** Default seed for `createRandom` when none is given: same seed, same numbers on every runtime. */
export const DEFAULT_SEED = 12345;
