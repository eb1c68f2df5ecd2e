import { type Crs, detectCrs, isCohesionError, readAreas, toWgs84, writePmtiles } from '@cohesion/geo';
import { command } from '../command.js';
import { numberFlag, required, stringFlags } from '../flags.js';
import { emit } from '../output.js';

export const summary =
  'tiles --in FILE --out FILE.pmtiles [--layer NAME] [--minzoom N] [--maxzoom N]: vector tiles for <cohesion-map>';

const HELP = `Usage: cohesion tiles --in FILE --out FILE.pmtiles [--layer areas] [--minzoom 0] [--maxzoom 12]
       [--object NAME] [--name TEXT] [--attribution TEXT] [--json]

Cuts a GeoJSON, TopoJSON (--object picks one of several objects) or FlatGeobuf file into Mapbox
Vector Tiles and writes one PMTiles v3 archive, for <cohesion-map src="pmtiles://…"> or any PMTiles
reader. British National Grid input is reprojected to WGS84 first. Every property is kept in the
tiles; the vector layer is named by --layer (the element's source-layer). Tiles are uncompressed.
Prints the tile count and size (--json: as JSON).`;

/** Zoom levels the writer supports. */
const ZOOM = { integer: true, min: 0, max: 20 } as const;

/** `cohesion tiles --in areas.geojson --out areas.pmtiles` → {features, crs, tiles, bytes, …}. */
const FLAGS = stringFlags(['in', 'layer', 'minzoom', 'maxzoom', 'object', 'name', 'attribution']);

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values) => {
  const input = required(values.in, 'in');
  const out = required(values.out, 'out');
  const layer = values.layer ?? 'areas';
  const minzoom = numberFlag(values.minzoom, 'minzoom', ZOOM, 0);
  const maxzoom = numberFlag(values.maxzoom, 'maxzoom', ZOOM, 12);
  let fc = await readAreas(input, values.object ? { object: values.object } : {});
  // British National Grid goes to WGS84; anything else the writer checks is longitude/latitude.
  // The Great Britain check (a declared CRS the numbers contradict, swapped axes) applies here too;
  // coordinates of no known CRS are left to the writer's longitude/latitude check.
  let crs: Crs | undefined;
  try {
    crs = detectCrs(fc, input);
  } catch (err) {
    if (!(isCohesionError(err) && err.code === 'UNKNOWN_CRS')) throw err;
  }
  const reprojected = crs === 'EPSG:27700';
  if (reprojected) fc = toWgs84(fc);
  const bytes = writePmtiles(fc, {
    layer,
    minzoom,
    maxzoom,
    ...(values.name ? { name: values.name } : {}),
    ...(values.attribution ? { attribution: values.attribution } : {}),
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const info = {
    out,
    features: fc.features.length,
    crs: crs ?? 'EPSG:4326',
    reprojected,
    layer,
    minzoom,
    maxzoom,
    // Addressed tiles, read back from the header just written (bytes 72–79, little-endian).
    tiles: view.getUint32(72, true) + view.getUint32(76, true) * 2 ** 32,
    bytes: bytes.length,
  };
  return emit(values, {
    file: bytes,
    json: info,
    text:
      `${out}: ${info.tiles} tiles, ${info.bytes} bytes, layer "${layer}", zooms ${minzoom}–${maxzoom}` +
      `${reprojected ? ' (reprojected from EPSG:27700)' : ''}\n`,
  });
});
