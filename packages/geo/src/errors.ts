/**
 * Stable machine-readable codes for every way input can be wrong. A code never changes meaning
 * once published; add new codes at the end.
 */
export type CohesionErrorCode =
  | 'UNMATCHED_CODE'
  | 'DUPLICATE_CODE'
  | 'BLANK_CODE'
  | 'INVALID_CODE'
  | 'NEGATIVE_COUNT'
  | 'NON_NUMERIC'
  | 'NON_FINITE'
  | 'GROUP_EXCEEDS_TOTAL'
  | 'MISSING_COLUMN'
  | 'MISSING_PROPERTY'
  | 'INVALID_GEOMETRY'
  | 'EMPTY_INPUT'
  | 'UNKNOWN_CRS'
  | 'WRONG_CRS'
  | 'OUTSIDE_GB'
  | 'UNSUPPORTED_FORMAT'
  | 'READ_FAILED'
  | 'PARSE_ERROR'
  | 'UNKNOWN_DATASET'
  | 'ISLAND'
  | 'NO_NEIGHBOURS'
  | 'TOO_FEW_AREAS'
  | 'ZERO_POPULATION'
  | 'LENGTH_MISMATCH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_EXPRESSION'
  | 'INVALID_WEIGHTS'
  /** A required input (a file, URL or attribute) was not given. */
  | 'MISSING_INPUT'
  /** A survey answer outside the declared coding (or blank without being excluded). */
  | 'INVALID_ANSWER'
  /** A survey weight that is zero, negative or not finite. */
  | 'INVALID_SURVEY_WEIGHT'
  /** A survey stratum with a single primary sampling unit, under `lonelyPsu: 'fail'`. */
  | 'LONELY_PSU'
  /** A time series lacks a period between its first and last (alerts/). */
  | 'MISSING_PERIOD'
  /** A time series is too short for the method's baseline (alerts/). */
  | 'SERIES_TOO_SHORT'
  /** A file ends early: cut while downloading or copying (FlatGeobuf, GeoJSON, TopoJSON, CSV). */
  | 'TRUNCATED_FILE'
  /** An output file exists and replacing it was not asked for (`--force`). */
  | 'OUTPUT_EXISTS'
  /** An output path is one of the command's own inputs. */
  | 'OUTPUT_IS_INPUT'
  /**
   * Per-area arrays whose row codes (`ids`) are the areas' codes in another order; pass
   * `reorder: true` to match them by code (see `rowOrder`).
   */
  | 'ORDER_MISMATCH'
  /** A table row that is the total of the other rows (a spreadsheet's "Total" line), which would count as one more area. */
  | 'TOTAL_ROW'
  /**
   * An output could not be written: a file in the way of a folder, no permission, a full disk
   * (`saveFile`, the report folder).
   */
  | 'WRITE_FAILED';

/** Where in the input the problem was found. Every field is optional; fill what is known. */
export interface CohesionErrorDetail {
  /** 0-based data row (CSV rows exclude the header) or array index. */
  row?: number;
  /** 0-based feature index in a FeatureCollection. */
  feature?: number;
  /** The offending area code or id. */
  id?: string;
  /** The column or property name involved. */
  column?: string;
  /** The offending value, as read. */
  value?: unknown;
  /** File path or URL the input came from. */
  source?: string;
  /** Any further structured context (e.g. every unmatched code). */
  [key: string]: unknown;
}

/**
 * The one error class thrown for bad input anywhere in Cohesion. `code` is stable and safe to
 * branch on; `detail` names the offending row, feature, id or column.
 *
 * @example
 * ```ts
 * try { joinByCode(areas, table, opts) } catch (e) {
 *   if (e instanceof CohesionError && e.code === 'UNMATCHED_CODE') console.log(e.detail.id)
 * }
 * ```
 */
export class CohesionError extends Error {
  readonly code: CohesionErrorCode;
  readonly detail: CohesionErrorDetail;

  constructor(code: CohesionErrorCode, message: string, detail: CohesionErrorDetail = {}) {
    super(message);
    this.name = 'CohesionError';
    this.code = code;
    this.detail = detail;
  }

  /** One line suitable for a CLI: `CODE: message`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** Type guard that also works across realms / duplicated module copies. */
export function isCohesionError(e: unknown): e is CohesionError {
  return (
    e instanceof CohesionError ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CohesionError')
  );
}
