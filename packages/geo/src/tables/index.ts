// Public API of `@cohesion/geo/tables`: reading a table and joining it to areas by code — the one
// CSV reader, the one id rule, the one number rule and the join with its report — and nothing that
// projects coordinates. Every name here is also exported by the package root and by `/io` or
// `/geography`; this subpath exists for browser bundles (<cohesion-map>, an application's): the
// geography subpath and the root also export the BNG projection, and esbuild places a module by
// what can reach it, so importing through them put proj4 (≈ 45 KB gzipped) on a page's start path.
// Two exceptions, exported here only since the root is at its export limit: `checkTotalRow` (the
// check that a count table has no "Total" row, which the report applies to census tables) and
// `decodeText` (the readers' byte decoder, for the element's fetched CSVs).
export { CohesionError, isCohesionError } from '../errors.js';
export { coordinateExtent } from '../geography/crs.js';
export { areaIds, type IdSourceOptions, readIds } from '../geography/ids.js';
export { type JoinOptions, type JoinReport, joinByCode, tableIdIndex } from '../geography/join.js';
export {
  assertColumn,
  type NumericColumnOptions,
  type NumericValuesOptions,
  numericColumn,
  numericValues,
  parseCsv,
  parseNumber,
  type Table,
  writeCsv,
} from '../io/csv.js';
export { csvCell } from '../io/csvcell.js';
export { decodeText } from '../io/source.js';
export { type CountColumn, checkTotalRow, type TotalRowOptions } from '../validate/totalrow.js';
