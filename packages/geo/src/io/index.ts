export { type ReadAreasOptions, readAreas, type VectorFormat } from './areas.js';
export {
  assertColumn,
  type NumericColumnOptions,
  type NumericValuesOptions,
  numericColumn,
  numericValues,
  parseCsv,
  parseNumber,
  readCsv,
  type Table,
  writeCsv,
} from './csv.js';
export { csvCell } from './csvcell.js';
export { type BBox, readFlatGeobuf, writeFlatGeobuf } from './flatgeobuf.js';
export { parseGeoJSON, readGeoJSON, writeGeoJSON } from './geojson.js';
export { type WritePmtilesOptions, writePmtiles } from './pmtiles.js';
export {
  type ArcGisQueryOptions,
  fetchArcGisFeatures,
  fetchPoliceCrimes,
  type PoliceCrimesOptions,
} from './remote.js';
export {
  checkOutputPath,
  type DataSource,
  readText,
  removePendingFiles,
  type SaveFileOptions,
  saveFile,
} from './source.js';
export { readTopoJSON } from './topojson.js';
