/**
 * `@cohesion/geo`: segregation indices, green-space access and hotspot statistics for UK areas,
 * with spatial weights, inference, classification and data I/O. Pure TypeScript; no DOM.
 * @packageDocumentation
 */

export * from './access/index.js';
export * from './alerts/index.js';
export * from './classify/index.js';
export * from './errors.js';
export * from './geography/index.js';
export * from './hotspots/index.js';
export * from './io/index.js';
export * from './segregation/index.js';
// The root exports the analyses; the numerical building blocks (distribution functions, the
// permutation kernel's vocabulary) stay in the `@cohesion/geo/stats` subpath, except the seeded
// generator every reproducible run needs and the replicate defaults the CLI and report show. (The
// hotspots module re-exports the permutation defaults.)
export { createRandom, DEFAULT_EXPECTED_REPLICATES, DEFAULT_REPLICATES, type Random } from './stats/index.js';
export * from './survey/index.js';
// Argument checks are internal; their limits are public (the CLI bounds its flags with them).
export { MAX_PERMUTATIONS, MAX_REPLICATES } from './validate/index.js';
export * from './weights/index.js';
