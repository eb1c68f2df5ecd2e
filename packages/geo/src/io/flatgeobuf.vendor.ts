// The parts of flatgeobuf that io/flatgeobuf.ts uses. A `*.vendor.ts` module is bundled with its
// dependency when the package is built (scripts/vendor.mjs): flatgeobuf's install tree (OpenLayers
// as a peer, GeoTIFF, zarr codecs…) is 40 packages for a few kilobytes of reader and writer code.
export { ArrayReader } from 'flatgeobuf/lib/mjs/array-reader.js';
export type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
export { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
export { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
export { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
export { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
export { inferGeometryType } from 'flatgeobuf/lib/mjs/generic/header.js';
export { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
export { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
export type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
export { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
