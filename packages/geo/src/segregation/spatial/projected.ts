import type { FeatureCollection } from 'geojson';
import { lonLatToBng } from '../../geography/project.js';
import {
  type SpatialAreas,
  type SpatialAreasOptions,
  spatialAreas as spatialAreasNoProjection,
} from './areas.js';

// The package root's spatialAreas: the subpath's, with proj4's WGS84 → BNG projection filled in.
// Kept out of spatial/index.ts so that `@cohesion/geo/segregation/spatial` does not load proj4.

/**
 * Prepares areas for the spatial segregation indices: reads ids, projects WGS84 lon/lat to British
 * National Grid (EPSG:27700) so every distance is in metres and every area in m², and computes each
 * area's representative point, area and perimeter once. British National Grid input is used as it is.
 *
 * (The `@cohesion/geo/segregation/spatial` subpath exports a `spatialAreas` that projects only
 * when given `options.project`, to keep proj4 out of browser bundles that do not need it.)
 *
 * @throws CohesionError EMPTY_INPUT, MISSING_PROPERTY / BLANK_CODE / DUPLICATE_CODE (ids),
 *   UNKNOWN_CRS (coordinates neither UK lon/lat nor BNG; pass `crs` for a planar grid),
 *   INVALID_GEOMETRY naming the feature (not a Polygon/MultiPolygon/Point, or non-finite point).
 */
export function spatialAreas(fc: FeatureCollection, options: SpatialAreasOptions): SpatialAreas {
  return spatialAreasNoProjection(fc, { ...options, project: options.project ?? lonLatToBng });
}
