import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { type Crs, detectCrs, type WithCrs } from './crs.js';
import { mapPositions } from './geometry.js';
import proj4 from './proj4.vendor.js';

// Reprojection between WGS84 and British National Grid, the one module that loads proj4: everything
// else (CRS detection, geometry, the spatial indices) stays usable, and bundles small, without it.

/**
 * British National Grid (OSGB36 / Transverse Mercator) with the OS-published 7-parameter Helmert
 * transformation to WGS84. Accurate to a few metres (OSTN15 would give ~0.1 m but is a 15 MB grid;
 * metres are ample for LSOA-scale statistics and green-space buffers of 200 m or more).
 */
export const BNG_PROJ4 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

// Built on first use, not at module load: importing the package must do no work (and a bundle
// that never projects should not pay for proj4's set-up).
let bngConverter: proj4.Converter | undefined;
function toBngConverter(): proj4.Converter {
  bngConverter ??= proj4('EPSG:4326', BNG_PROJ4);
  return bngConverter;
}

/** Projects one WGS84 [lon, lat] to BNG [easting, northing] in metres. */
export function lonLatToBng(lon: number, lat: number): [number, number] {
  const out = toBngConverter().forward([lon, lat]) as number[];
  return [out[0] as number, out[1] as number];
}

/** Projects one BNG [easting, northing] to WGS84 [lon, lat]. */
export function bngToLonLat(x: number, y: number): [number, number] {
  const out = toBngConverter().inverse([x, y]) as number[];
  return [out[0] as number, out[1] as number];
}

const BNG_CRS_MEMBER = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

/**
 * Reprojects a FeatureCollection to `target`. Properties, ids and foreign members are kept; the
 * `crs` member is set for BNG output and removed for WGS84 (RFC 7946 default). A no-op copy when
 * the data is already in `target`.
 */
export function reproject(fc: FeatureCollection, target: Crs, from: Crs = detectCrs(fc)): FeatureCollection {
  const { crs: _drop, ...rest } = fc as FeatureCollection & WithCrs;
  if (from === target)
    return target === 'EPSG:27700' ? ({ ...rest, crs: BNG_CRS_MEMBER } as FeatureCollection) : rest;
  const fwd = target === 'EPSG:27700';
  const f = (p: Position): Position => {
    const q = fwd ? lonLatToBng(p[0] as number, p[1] as number) : bngToLonLat(p[0] as number, p[1] as number);
    return p.length > 2 ? [q[0], q[1], ...p.slice(2)] : q;
  };
  const features: Feature[] = fc.features.map((feat) => ({
    ...feat,
    geometry: mapPositions(feat.geometry, f) as Geometry,
  }));
  const out = { ...rest, features } as FeatureCollection;
  return fwd ? ({ ...out, crs: BNG_CRS_MEMBER } as FeatureCollection) : out;
}

/** Reprojects to British National Grid (metres) unless already there. */
export function toBng(fc: FeatureCollection): FeatureCollection {
  return reproject(fc, 'EPSG:27700');
}

/** Reprojects to WGS84 lon/lat unless already there. */
export function toWgs84(fc: FeatureCollection): FeatureCollection {
  return reproject(fc, 'EPSG:4326');
}
