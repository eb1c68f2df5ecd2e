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
export {
  type BBox,
  checkFlatGeobufLayout,
  isFlatGeobuf,
  readFlatGeobuf,
  writeFlatGeobuf,
} from './flatgeobuf.js';
export { asFeatureCollection, parseGeoJSON, readGeoJSON, writeGeoJSON } from './geojson.js';
export { parseJsonText } from './json.js';
export { type WritePmtilesOptions, writePmtiles } from './pmtiles.js';
export {
  type ArcGisQueryOptions,
  fetchArcGisFeatures,
  fetchPoliceCrimes,
  OFFICIAL_ENDPOINTS,
  type PoliceCrimesOptions,
} from './remote.js';
export {
  checkOutputPath,
  type DataSource,
  decodeText,
  describeSource,
  isInlineText,
  readBytes,
  readText,
  removePendingFiles,
  type SaveFileOptions,
  saveFile,
} from './source.js';
export { readTopoJSON, topologyToFeatures } from './topojson.js';
