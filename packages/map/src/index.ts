/**
 * `@cohesion/map`: the `<cohesion-map>` custom element (built out in its own issue).
 * @packageDocumentation
 */
export const COHESION_MAP_TAG = 'cohesion-map';
