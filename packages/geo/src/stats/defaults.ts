/**
 * The engine's default counts and seed — the one place they are set. Every statistic with
 * permutation or simulation inference (hotspots, segregation, the CLI through `@cohesion/geo`)
 * reads them from here; see docs/methods/hotspots.md, "Inference".
 */

/** Default number of permutations R for hotspot statistics (pseudo-p resolution 1/1000). */
export const DEFAULT_PERMUTATIONS = 999;

/** Default seed for `createRandom` when none is given: same seed, same numbers on every runtime. */
export const DEFAULT_SEED = 12345;

/** Default bootstrap replicates (access gap ratios, the report's and the CLI's intervals). */
export const DEFAULT_REPLICATES = 999;

/** Default simulated tables of segregation tests and simulation-based indices (PySAL's 500). */
export const DEFAULT_SEGREGATION_REPLICATES = 500;

/** Default simulated tables of expected indices and multigroup bootstraps (elbersb/segregation's 100). */
export const DEFAULT_EXPECTED_REPLICATES = 100;

/** Default confidence level of percentile intervals. */
export const DEFAULT_LEVEL = 0.95;
