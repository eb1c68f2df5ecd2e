/** The element's public event details and rich-property types. */

/** Detail of `cohesion-map:select` and `cohesion-map:hover`. */
export interface CohesionMapAreaDetail {
  /** Area code (the `id-property` value). */
  id: string;
  /** Area name (the `name-property` value, or the code). */
  name: string;
  /** The mapped value; `null` for no data. */
  value: number | null;
  /** Class label shown in the legend; `null` for no data. */
  class: string | null;
}

/** Detail of `cohesion-map:error`. */
export interface CohesionMapErrorDetail {
  code: string;
  message: string;
  detail: Record<string, unknown>;
}

/** Results set as a rich property: values per area (feature order or keyed by code), p-values, headline. */
export interface CohesionMapResults {
  values?: ArrayLike<number> | Record<string, number>;
  p?: ArrayLike<number> | Record<string, number>;
  /** Caption line, e.g. "Index of dissimilarity (Pakistani vs rest): 0.461". */
  headline?: string;
}

/** Reads one of the element's attributes (null when absent). */
export type AttrReader = (name: string) => string | null;
