import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import type { Crs } from '../geography/crs.js';
import { areaIds } from '../geography/ids.js';
import { countPointsInAreas } from '../geography/points.js';
import { alignRows, type KeyedValues, reorder, rowOrder, valuesInAreaOrder } from '../validate/align.js';
import { checkAlpha } from '../validate/args.js';
import { contiguityWeights } from '../weights/contiguity.js';
import { type SpatialWeights, transformWeights } from '../weights/csr.js';
import { type LocalGetisOrdResult, type LocalMoranResult, localGetisOrd, localHotspots } from './local.js';
import type { PermutationAlternative } from './permutation.js';
import {
  type EmergingLabel,
  type EmpiricalBayesResult,
  emergingCategory,
  empiricalBayesRates,
  mannKendall,
} from './rates.js';

/** Feature index of each incident → index in the weights' order (`order[i]` = feature of area i). */
function toWeightsIndex(areaIndex: Int32Array, order: Int32Array): Int32Array {
  const inv = new Int32Array(order.length);
  order.forEach((r, i) => {
    inv[r] = i;
  });
  return areaIndex.map((a) => (a < 0 ? a : (inv[a] as number)));
}

/** Options for {@link incidentHotspots}. */
export interface IncidentHotspotOptions {
  /** Area id property. */
  idProperty: string;
  /** Incident coordinates (same CRS as the areas; `pointsCrs` checks it). */
  xs: Float64Array;
  ys: Float64Array;
  pointsCrs?: Crs;
  /** Period label of each incident (e.g. `2018-03`); enables the space–time analysis. */
  periods?: readonly string[];
  /**
   * Every period in order, including those with no incident (e.g. `wholePeriods(...).labels`);
   * default: the labels present in `periods`, sorted. A label of `periods` not listed here is an error.
   */
  periodLabels?: readonly string[];
  /**
   * Population per area: rates with empirical-Bayes smoothing are analysed. A plain array is in
   * feature order; `{ ids, values }` (e.g. a census table's code and count columns) is matched to
   * the areas by code, in any order (`UNMATCHED_CODE` / `DUPLICATE_CODE` otherwise).
   */
  population?: ArrayLike<number> | KeyedValues;
  /**
   * Neighbour weights; default queen contiguity, row-standardised. Their areas are matched to the
   * features by code (`idProperty`), so weights in another order than the features are fine;
   * results come in `weights.ids` order.
   */
  weights?: SpatialWeights;
  permutations?: number;
  seed?: number;
  alternative?: PermutationAlternative;
  /** Significance level for clusters and emerging categories; default 0.05. */
  alpha?: number;
  /** Counts below this are suppressed (reported as null) in outputs; default 5; 0 disables. */
  suppressBelow?: number;
}

/** Per-period results of the space–time analysis. */
export interface IncidentPeriod {
  label: string;
  counts: Float64Array;
  /** The analysed value: EB-smoothed rate with a population, else the count. */
  values: Float64Array;
  gi: LocalGetisOrdResult;
}

/** Result of {@link incidentHotspots}. */
export interface IncidentHotspotResult {
  /** Area ids, in the weights' order (every per-area array below follows it). */
  ids: readonly string[];
  /** The feature property the ids were read from; {@link incidentHotspotsToGeoJSON} matches by it. */
  idProperty?: string;
  /** Incidents per area over all periods. */
  counts: Float64Array;
  /** Incidents that fell in no area. */
  outside: number;
  /** EB smoothing of counts/population (absent without population). */
  rates?: EmpiricalBayesResult;
  /** The analysed value per area: EB rate or count. */
  values: Float64Array;
  gi: LocalGetisOrdResult;
  lisa: LocalMoranResult;
  /** Space–time analysis (absent without periods), periods sorted by label. */
  periods?: IncidentPeriod[];
  /** Mann–Kendall on each area's per-period Gi* z series. */
  trend?: { z: Float64Array; p: Float64Array; tau: Float64Array };
  /** Emerging hot/cold spot label of each area. */
  emerging?: EmergingLabel[];
  suppressBelow: number;
}

/**
 * Incident hotspots: counts incidents into areas (flatbush point-in-polygon), optionally turns
 * them into rates against a population with global empirical-Bayes smoothing (spdep `EBest`),
 * then runs Gi* and LISA (one shared permutation pass) on the result. With `periods`, Gi* is
 * computed per period on the same weights and seed, each area's z series gets a Mann–Kendall trend
 * test, and areas are labelled with the emerging hot-spot typology (see `emergingCategory`).
 */
export function incidentHotspots(
  areas: FeatureCollection,
  options: IncidentHotspotOptions,
): IncidentHotspotResult {
  const { xs, ys } = options;
  if (options.periods && options.periods.length !== xs.length)
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `${options.periods.length} period labels for ${xs.length} incidents`,
    );
  const w =
    options.weights ??
    transformWeights(contiguityWeights(areas, { idProperty: options.idProperty }).weights, 'R');
  if (w.n !== areas.features.length)
    throw new CohesionError(
      'LENGTH_MISMATCH',
      `weights have ${w.n} areas but there are ${areas.features.length} features`,
    );
  const counted = countPointsInAreas(areas, xs, ys, { pointsCrs: options.pointsCrs });
  // Counts come in feature order; caller-given weights may list the areas in another order, so
  // rows are matched to the weights by code, never by position (issue 15).
  const featureIds = options.weights ? areaIds(areas, options.idProperty) : w.ids;
  const order = rowOrder(w.ids, { ids: featureIds, reorder: true }, { what: 'areas' });
  const counts = reorder(counted.counts, order) as Float64Array;
  const areaIndex = order ? toWeightsIndex(counted.areaIndex, order) : counted.areaIndex;
  const population =
    options.population === undefined
      ? undefined
      : 'ids' in options.population && 'values' in options.population
        ? valuesInAreaOrder(w.ids, options.population, 'population')
        : reorder(options.population, order);
  if (xs.length > 0 && counted.outside === xs.length)
    throw new CohesionError(
      'UNMATCHED_CODE',
      `none of the ${xs.length} incidents falls inside any area (wrong CRS or area?)`,
      {
        value: xs.length,
      },
    );
  const perm = { permutations: options.permutations, seed: options.seed, alternative: options.alternative };
  const alpha = checkAlpha(options.alpha ?? 0.05);
  const analyse = (counts: Float64Array) => {
    if (!population) return { values: counts, rates: undefined };
    const rates = empiricalBayesRates(counts, population, w.ids);
    return { values: rates.smoothed, rates };
  };
  const all = analyse(counts);
  const { lisa, gi } = localHotspots(w, all.values, { ...perm, lisa: { alpha }, gi: { alpha, star: true } });
  const result: IncidentHotspotResult = {
    ids: w.ids,
    idProperty: options.idProperty,
    counts,
    outside: counted.outside,
    rates: all.rates,
    values: all.values,
    gi,
    lisa,
    suppressBelow: options.suppressBelow ?? 5,
  };
  if (options.periods) {
    const labels = options.periodLabels ? [...options.periodLabels] : [...new Set(options.periods)].sort();
    const periodIndex = new Map(labels.map((l, t) => [l, t]));
    options.periods.forEach((l, k) => {
      if (!periodIndex.has(l))
        throw new CohesionError(
          'INVALID_ARGUMENT',
          `incident ${k + 1} is in period "${l}", which is not in periodLabels`,
          {
            row: k,
            value: l,
          },
        );
    });
    const counts = labels.map(() => new Float64Array(w.n));
    areaIndex.forEach((a, k) => {
      if (a < 0) return;
      const t = periodIndex.get(options.periods?.[k] as string) as number;
      const c = counts[t] as Float64Array;
      c[a] = (c[a] as number) + 1;
    });
    result.periods = labels.map((label, t) => {
      const c = counts[t] as Float64Array;
      const { values } = analyse(c);
      let constant = true;
      for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) constant = false;
      // A period with identical values everywhere (e.g. no incidents) has no hot or cold spots.
      const g = constant
        ? flatGi(w.ids, values.length)
        : localGetisOrd(w, values, { ...perm, alpha, star: true });
      return { label, counts: c, values, gi: g };
    });
    const z = new Float64Array(w.n);
    const p = new Float64Array(w.n);
    const tau = new Float64Array(w.n);
    const emerging: EmergingLabel[] = [];
    for (let i = 0; i < w.n; i++) {
      const zs = result.periods.map((q) => q.gi.z[i] as number);
      const ps = result.periods.map((q) => pOf(q.gi, i));
      const mk = mannKendall(zs);
      z[i] = mk.z;
      p[i] = mk.p;
      tau[i] = mk.tau;
      emerging.push(emergingCategory(zs, ps, alpha));
    }
    result.trend = { z, p, tau };
    result.emerging = emerging;
  }
  return result;
}

function pOf(g: LocalGetisOrdResult, i: number): number {
  return g.permutations > 0 ? (g.p_sim[i] as number) : (g.p_norm[i] as number);
}

function flatGi(ids: readonly string[], n: number): LocalGetisOrdResult {
  const zero = new Float64Array(n);
  const one = new Float64Array(n).fill(1);
  return {
    ids,
    G: zero,
    EG: zero,
    VG: zero,
    z: zero,
    p_norm: one,
    p_sim: one,
    cluster: new Array(n).fill('ns'),
    star: true,
    permutations: 0,
    alternative: 'two-sided',
  };
}

/**
 * GeoJSON output of {@link incidentHotspots}: each area keeps its geometry and gets `id`, `count`
 * (null when suppressed, with `suppressed: true`), `rate`/`rate_eb` (with a population), `gi_z`,
 * `gi_p_norm`, `gi_p_sim`, `gi_cluster`, `lisa_I`, `lisa_p_sim`, `lisa_cluster`, and with periods
 * `count_<label>` (suppressed likewise), `gi_z_<label>`, `gi_p_<label>` (permutation p, else normal), `gi_cluster_<label>`, `trend_tau`, `trend_z`, `trend_p` and `emerging`.
 * Each feature gets the results of its own code (`r.idProperty`), whatever the order of the
 * weights the results follow (`UNMATCHED_CODE` for a feature without results).
 */
export function incidentHotspotsToGeoJSON(
  areas: FeatureCollection,
  r: IncidentHotspotResult,
): FeatureCollection {
  // Result row of each feature, matched by code (null: same order); positional without idProperty.
  const rowOf = r.idProperty ? alignRows(areaIds(areas, r.idProperty), r.ids, { what: 'results' }) : null;
  const sup = (c: number) => (r.suppressBelow > 0 && c > 0 && c < r.suppressBelow ? null : c);
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f, k) => {
      const i = rowOf ? (rowOf[k] as number) : k;
      const props: Record<string, unknown> = { id: r.ids[i] };
      const c = r.counts[i] as number;
      props.count = sup(c);
      props.suppressed = sup(c) === null;
      if (r.rates) {
        props.rate = props.suppressed ? null : r.rates.raw[i];
        props.rate_eb = r.rates.smoothed[i];
      }
      props.gi_z = r.gi.z[i];
      props.gi_p_norm = r.gi.p_norm[i];
      props.gi_p_sim = r.gi.p_sim[i];
      props.gi_cluster = r.gi.cluster[i];
      props.lisa_I = r.lisa.Ii[i];
      props.lisa_p_sim = r.lisa.p_sim[i];
      props.lisa_cluster = r.lisa.cluster[i];
      if (r.periods && r.trend && r.emerging) {
        for (const q of r.periods) {
          props[`count_${q.label}`] = sup(q.counts[i] as number);
          props[`gi_z_${q.label}`] = q.gi.z[i];
          props[`gi_p_${q.label}`] = pOf(q.gi, i);
          props[`gi_cluster_${q.label}`] = q.gi.cluster[i];
        }
        props.trend_tau = r.trend.tau[i];
        props.trend_z = r.trend.z[i];
        props.trend_p = r.trend.p[i];
        props.emerging = r.emerging[i];
      }
      return { type: 'Feature', geometry: f.geometry, properties: props };
    }),
  };
}
