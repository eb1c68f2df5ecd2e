// Public API of segregation/spatial/ — spatial and multiscalar segregation (issue 5).
export * from './areas.js';
export * from './boundary.js';
export * from './decomposition.js';
export * from './environment.js';
export * from './explicit.js';
export * from './inference.js';
export * from './local.js';
export * from './profile.js';
