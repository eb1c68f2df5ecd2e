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
export * from './stats/index.js';
export * from './survey/index.js';
export * from './validate/index.js';
export * from './weights/index.js';
