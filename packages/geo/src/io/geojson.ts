import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { CohesionError } from '../errors.js';
import { parseJsonText } from './json.js';
import { type DataSource, describeSource, readText } from './source.js';

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/**
 * Parses GeoJSON text into a FeatureCollection. A bare Feature or Geometry is wrapped. Foreign
 * members (such as a `crs` declaring British National Grid) are kept. Structural problems throw
 * `PARSE_ERROR` or `INVALID_GEOMETRY` naming the feature index.
 */
export function parseGeoJSON(text: string, source = '<inline text>'): FeatureCollection {
  return asFeatureCollection(parseJsonText(text, source, 'GeoJSON'), source);
}

/** Validates an already-parsed GeoJSON object and returns it as a FeatureCollection. */
export function asFeatureCollection(obj: unknown, source = '<object>'): FeatureCollection {
  if (typeof obj !== 'object' || obj === null) {
    throw new CohesionError('PARSE_ERROR', `${source} is not a GeoJSON object`, { source });
  }
  const o = obj as { type?: unknown; features?: unknown };
  let fc: FeatureCollection;
  if (o.type === 'FeatureCollection') {
    if (!Array.isArray(o.features)) {
      throw new CohesionError('PARSE_ERROR', `${source}: FeatureCollection has no "features" array`, {
        source,
      });
    }
    fc = obj as FeatureCollection;
  } else if (o.type === 'Feature') {
    fc = { type: 'FeatureCollection', features: [obj as Feature] };
  } else if (typeof o.type === 'string' && GEOMETRY_TYPES.has(o.type)) {
    fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: obj as Geometry }],
    };
  } else {
    throw new CohesionError('PARSE_ERROR', `${source}: unknown GeoJSON type ${JSON.stringify(o.type)}`, {
      source,
      value: o.type,
    });
  }
  fc.features.forEach((f, i) => {
    if (typeof f !== 'object' || f === null || f.type !== 'Feature') {
      throw new CohesionError('PARSE_ERROR', `${source}: feature ${i} is not a GeoJSON Feature`, {
        source,
        feature: i,
      });
    }
    if (f.properties === undefined) (f as { properties: unknown }).properties = null;
    const g = f.geometry;
    if (g !== null && (typeof g !== 'object' || !GEOMETRY_TYPES.has(g.type))) {
      throw new CohesionError('INVALID_GEOMETRY', `${source}: feature ${i} has an invalid geometry`, {
        source,
        feature: i,
      });
    }
  });
  return fc;
}

/** Reads a GeoJSON file, URL, string or bytes. */
export async function readGeoJSON(source: DataSource): Promise<FeatureCollection> {
  return parseGeoJSON(await readText(source), describeSource(source));
}

/**
 * Serialises a FeatureCollection as GeoJSON text. Properties, ids and foreign members (e.g. `crs`)
 * are written unchanged. `precision` rounds coordinates (e.g. 6 decimals ≈ 0.1 m in degrees).
 */
export function writeGeoJSON(
  fc: FeatureCollection,
  options: { precision?: number; space?: number } = {},
): string {
  const { precision, space } = options;
  if (precision === undefined) return JSON.stringify(fc, null, space);
  const k = 10 ** precision;
  return JSON.stringify(
    fc,
    (key, value) => {
      if (key === 'coordinates' || key === 'bbox') return roundDeep(value, k);
      return value;
    },
    space,
  );
}

function roundDeep(v: unknown, k: number): unknown {
  if (typeof v === 'number') return Math.round(v * k) / k;
  if (Array.isArray(v)) return v.map((x) => roundDeep(x, k));
  return v;
}
