import type { FeatureCollection } from 'geojson';
import { type NumericColumnOptions, numericValues, type Table } from '../io/csv.js';
import { type Areas, areasModel, type PrepareAreasOptions } from './areas.js';
import { type JoinOptions, type JoinReport, matchRows } from './join.js';
import { lonLatToBng } from './project.js';

// The package root's (and `@cohesion/geo/geography`'s) door to the areas model: prepareAreas with
// proj4's projection filled in, and the one join of a table's numeric columns onto the model. Kept
// out of areas.ts so that the spatial segregation subpath, which builds the model too, loads
// neither proj4 nor the CSV reader.

/**
 * Reads areas once, where the data is read: ids by the one id rule (`areaIds`: trimmed, unique,
 * non-blank; `MISSING_PROPERTY` / `BLANK_CODE` / `DUPLICATE_CODE` / `INVALID_CODE` naming the
 * feature) with the index of each, the CRS by the Great Britain check (`detectCrs`), WGS84 projected
 * to British National Grid (`lonLatToBng`, unless `options.project` is given), and for each area
 * its geometry in BNG metres, representative point (`centroid` or `pointOnSurface`) and planar
 * area in m². The spatial segregation indices (`spatialAreas`), distance weights
 * (`pointsFromAreas`) and access origins (`prepareOrigins`) are this model with their own extras.
 *
 * @throws CohesionError EMPTY_INPUT; the id errors above; UNKNOWN_CRS / WRONG_CRS / OUTSIDE_GB
 *   (pass `crs` for a planar grid of your own); INVALID_GEOMETRY naming the feature (not a
 *   Polygon/MultiPolygon/Point, or no usable point).
 */
export function prepareAreas(fc: FeatureCollection, options: PrepareAreasOptions): Areas {
  return areasModel(fc, { ...options, project: options.project ?? lonLatToBng });
}

/** Options for {@link joinTableToAreas}: those of `joinByCode` and of the number rule. */
export interface AreaTableOptions extends Omit<JoinOptions, 'areaId'>, NumericColumnOptions {
  /** How messages name the areas' code (e.g. the id property); default `area id`. */
  areaId?: string;
}

/** A table's numeric columns on the areas model, and what the join did. */
export interface AreaTableJoin {
  /** One Float64Array per column, in area order; NaN where an area has no row (`allowMissingRows`). */
  values: Record<string, Float64Array>;
  /** The join's account of every area and row (as `joinByCode`'s). */
  report: JoinReport;
  /** Table row (0-based) joined to each area, −1 for none. */
  rowOfArea: Int32Array;
}

/**
 * Joins a table to the areas model by code (the join of `joinByCode`: codes trimmed, strict by
 * default, with its report) and reads each of `options.columns` (default: every column but the
 * code) as numbers by the one number rule (`numericValues`) in area order. A bad cell is named by
 * its table row, its column and its area code; cells of rows that match no area are not read.
 * An area without a row (`allowMissingRows`) is NaN, "no data".
 *
 * @throws CohesionError MISSING_COLUMN; BLANK_CODE / DUPLICATE_CODE / UNMATCHED_CODE (the join,
 *   when strict); NON_NUMERIC / NON_FINITE / NEGATIVE_COUNT (the cells).
 */
export function joinTableToAreas(areas: Areas, table: Table, options: AreaTableOptions): AreaTableJoin {
  const { report, rowOfArea, columns } = matchRows(areas.ids, areas.index, table, {
    ...options,
    areaId: options.areaId ?? 'area id',
  });
  // The code of each matched row, so a bad cell names its area as well as its row.
  const rowIds = new Array<string>(table.rows.length).fill('');
  rowOfArea.forEach((r, a) => {
    if (r >= 0) rowIds[r] = areas.ids[a] as string;
  });
  const values: Record<string, Float64Array> = {};
  for (const c of columns) {
    // Rows that match no area stand in as 0: never read, but positions keep naming the table row.
    const byRow = numericValues(
      table.rows.map((row, r) => (rowIds[r] === '' ? 0 : row[c])),
      {
        column: c,
        ids: rowIds,
        ...(table.source !== undefined ? { source: table.source } : {}),
        ...(options.allowBlank !== undefined ? { allowBlank: options.allowBlank } : {}),
        ...(options.allowNegative !== undefined ? { allowNegative: options.allowNegative } : {}),
      },
    );
    values[c] = Float64Array.from(rowOfArea, (r) => (r < 0 ? Number.NaN : (byRow[r] as number)));
  }
  return { values, report, rowOfArea };
}
