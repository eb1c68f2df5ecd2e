// Build-only: the script-tag build (tsup.config.ts) resolves `@cohesion/geo` to this file rather than
// to geo's root index. esbuild assigns modules to chunks by import reachability, unused re-exports
// included, so through the root index proj4 (reached by geography/project.ts) landed in a chunk the
// element loads at start (54.5 KB gzip). Naming the element's modules one by one keeps proj4 in the
// lazily loaded BNG chunk (src/bng.ts imports `@cohesion/geo/geography`). Same code, same numbers:
// these are geo's own modules. A name the element starts importing must be added here; the build
// fails until it is.

export type { ClassScheme } from '../../geo/src/classify/breaks.js';
export { classifyValues } from '../../geo/src/classify/classify.js';
export { hotspotBins } from '../../geo/src/classify/hotspot-bins.js';
export { CohesionError } from '../../geo/src/errors.js';
export { coordinateExtent } from '../../geo/src/geography/crs.js';
export { areaIds, readIds } from '../../geo/src/geography/ids.js';
export { joinByCode } from '../../geo/src/geography/join.js';
export { assertColumn, numericValues, parseCsv, type Table } from '../../geo/src/io/csv.js';
export { csvCell } from '../../geo/src/io/csvcell.js';
export { checkSingleGroup } from '../../geo/src/segregation/input.js';
export { locationQuotient } from '../../geo/src/segregation/local.js';
