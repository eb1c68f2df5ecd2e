import { CohesionError } from '../../errors.js';
import { mean, median } from '../../stats/summary.js';
import type { SegregationInputOptions, SingleGroupResult } from '../input.js';
import { countsInAreaOrder, type LonLatToBng, requirePositiveAreas, type SpatialAreas } from './areas.js';

// Centralisation: the centre, the cumulative-share curve and the relative / absolute indices.

/**
 * The centre for centralisation: `populationWeighted` (default; the population-weighted mean of
 * the area points), `mean`, `median` (coordinate-wise, as numpy), `largestPopulation` (the point of
 * the most populous area; ties averaged), a BNG point `{x, y}` in metres, or a WGS84 point
 * `{lon, lat}` (e.g. the town hall), projected to BNG with the areas' projection
 * ({@link SpatialAreas.project}: areas from the package root's `spatialAreas` have one).
 */
export type CentreSpec =
  | 'populationWeighted'
  | 'mean'
  | 'median'
  | 'largestPopulation'
  | { x: number; y: number }
  | { lon: number; lat: number };

/** Resolves a {@link CentreSpec} to BNG metres. Throws INVALID_ARGUMENT for a bad point. */
export function resolveCentre(
  a: { xs: Float64Array; ys: Float64Array; n: number; project?: LonLatToBng },
  total: ArrayLike<number>,
  centre: CentreSpec = 'populationWeighted',
): [number, number] {
  if (typeof centre === 'object') {
    if ('lon' in centre && !a.project) {
      // The subpath's spatialAreas without `project` (BNG input): no projection to hand.
      throw new CohesionError(
        'INVALID_ARGUMENT',
        `centre ${JSON.stringify(centre)} is in lon/lat but the areas are unprojected: give it as BNG metres {x, y}, or use spatialAreas(fc, { project: lonLatToBng })`,
        { value: centre },
      );
    }
    const p: [number, number] =
      'lon' in centre ? (a.project as LonLatToBng)(centre.lon, centre.lat) : [centre.x, centre.y];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new CohesionError('INVALID_ARGUMENT', `centre ${JSON.stringify(centre)} is not a finite point`, {
        value: centre,
      });
    }
    return p;
  }
  let sx = 0;
  let sy = 0;
  let sw = 0;
  switch (centre) {
    case 'mean':
      return [mean(a.xs), mean(a.ys)];
    case 'median':
      return [median(a.xs), median(a.ys)];
    case 'populationWeighted':
      for (let i = 0; i < a.n; i++) {
        sx += a.xs[i]! * total[i]!;
        sy += a.ys[i]! * total[i]!;
        sw += total[i]!;
      }
      return [sx / sw, sy / sw];
    case 'largestPopulation': {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < a.n; i++) max = Math.max(max, total[i]!);
      for (let i = 0; i < a.n; i++) {
        if (total[i] === max) {
          sx += a.xs[i]!;
          sy += a.ys[i]!;
          sw++;
        }
      }
      return [sx / sw, sy / sw];
    }
    default:
      throw new CohesionError('INVALID_ARGUMENT', `unknown centre "${centre as string}"`, { value: centre });
  }
}

/** A centralisation result: the value and the centre used (BNG metres). */
export interface CentralizationResult extends SingleGroupResult {
  centre: [number, number];
}

/**
 * Σᵢ (U_{i−1} Vᵢ − Uᵢ V_{i−1}) over areas ordered by distance from the centre (nearest first),
 * with U, V the cumulative shares of u and v (U₀ = V₀ = 0). Ties in distance keep feature order.
 */
function centralizationCurve(
  a: { xs: Float64Array; ys: Float64Array; n: number },
  centre: [number, number],
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  members?: ArrayLike<number>,
): number {
  const idx = members ? Int32Array.from(members) : Int32Array.from({ length: a.n }, (_, i) => i);
  const d = new Float64Array(a.n);
  for (const i of idx) d[i] = Math.hypot(a.xs[i]! - centre[0], a.ys[i]! - centre[1]);
  idx.sort((p, q) => d[p]! - d[q]! || p - q);
  let U = 0;
  let V = 0;
  for (const i of idx) {
    U += u[i]!;
    V += v[i]!;
  }
  let cu = 0;
  let cv = 0;
  let s = 0;
  for (const i of idx) {
    const nu = cu + u[i]! / U;
    const nv = cv + v[i]! / V;
    s += cu * nv - nu * cv;
    cu = nu;
    cv = nv;
  }
  return s;
}

/**
 * Relative centralisation RCE (Duncan & Duncan 1955; Massey & Denton 1988), PySAL
 * `RelativeCentralization`: with areas ordered by distance from the centre,
 * RCE = Σᵢ X_{i−1} Yᵢ − Σᵢ Xᵢ Y_{i−1}, X and Y the cumulative shares of the group and of the rest.
 * −1..1; positive = the group lives nearer the centre than the rest. Default centre: the
 * population-weighted centre of the area points; pass a town-hall point as `{lon, lat}`.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function relativeCentralization(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { centre?: CentreSpec },
): CentralizationResult {
  return centralizationAgainst(a, group, total, opts, (x, t) => {
    const rest = new Float64Array(a.n);
    for (let i = 0; i < a.n; i++) rest[i] = t[i]! - x[i]!;
    return rest;
  });
}

/**
 * Absolute centralisation ACE (Massey & Denton 1988), PySAL `AbsoluteCentralization`:
 * ACE = Σᵢ X_{i−1} Aᵢ − Σᵢ Xᵢ A_{i−1} with areas ordered by distance from the centre and A the
 * cumulative share of land area. −1..1; positive = the group lives nearer the centre than the land.
 * Row order: counts in the areas' order, else checked or matched by code via `ids` / `reorder`.
 */
export function absoluteCentralization(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SegregationInputOptions & { centre?: CentreSpec },
): CentralizationResult {
  return centralizationAgainst(a, group, total, opts, () => {
    requirePositiveAreas(a, 'absolute centralisation');
    return a.areas;
  });
}

/**
 * Both centralisation indices: the counts in area order (validated), then what the group is set
 * against (`against`: the rest, or land area after its check), then the centre, then the curve.
 */
function centralizationAgainst(
  a: SpatialAreas,
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts: (SegregationInputOptions & { centre?: CentreSpec }) | undefined,
  against: (x: ArrayLike<number>, t: ArrayLike<number>) => ArrayLike<number>,
): CentralizationResult {
  const { x, t, s } = countsInAreaOrder(a, group, total, opts);
  const v = against(x, t);
  const centre = resolveCentre(a, t, opts?.centre);
  return { value: centralizationCurve(a, centre, x, v), centre, ...s };
}

/** Relative centralisation over a subset of areas around a centre (used by the local version). */
export function relativeCentralizationOf(
  a: { xs: Float64Array; ys: Float64Array; n: number },
  group: ArrayLike<number>,
  rest: ArrayLike<number>,
  centre: [number, number],
  members: ArrayLike<number>,
): number {
  return centralizationCurve(a, centre, group, rest, members);
}
