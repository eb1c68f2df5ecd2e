// Spatial part of `cohesion segregation … --areas FILE --id PROP --spatial [--distance M|--distances M,…]`
// (issue 5). The segregation command reads and joins the counts; this module adds the spatial keys.
import {
  absoluteCentralization,
  absoluteConcentration,
  boundarySpatialDissimilarity,
  type CentreSpec,
  deltaIndex,
  distanceDecayIndices,
  ENVIRONMENT_KERNELS,
  groupTableFromColumns,
  type KernelFunction,
  localDistortion,
  localEnvironmentIndices,
  localRelativeCentralization,
  multiGroupProfile,
  type ProfileStep,
  perimeterAreaRatioDissimilarity,
  queenWeights,
  relativeCentralization,
  relativeConcentration,
  sharedBoundaryWeights,
  singleGroupProfile,
  spatialAreas,
  spatialDissimilarity,
  spatialProximityProfile,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { choiceFlag, numberFlag, RULES, UsageError } from '../flags.js';

/** node:util parseArgs specs of the spatial flags (merged into the segregation command's flags). */
export const SPATIAL_FLAGS = {
  spatial: { type: 'boolean' },
  distance: { type: 'string' },
  distances: { type: 'string' },
  kernel: { type: 'string' },
  centre: { type: 'string' },
  'decay-scale': { type: 'string' },
  areas: { type: 'string' },
  id: { type: 'string' },
  'table-id': { type: 'string' },
} as const;

/** Help text for the spatial flags. */
export const SPATIAL_HELP = `Spatial (with --areas FILE --id PROP --spatial):
  adds spatialDissimilarity (Morrill, queen), boundarySpatialDissimilarity (Wong D(w)),
  perimeterAreaRatioDissimilarity (Wong D(s)), spatialProximity, spatialProximityProfile,
  distanceDecayIsolation, distanceDecayInteraction, relativeClustering, absoluteClustering,
  relativeConcentration, absoluteConcentration, relativeCentralization, absoluteCentralization, delta
  --distance M | --distances M,M,…   local environments within M metres → "profile"
  --kernel triangular|uniform|quadratic|quartic|gaussian (default triangular)
  --centre lon,lat | x,y (BNG metres) | populationWeighted | mean | median (default populationWeighted)
  --decay-scale M   distance unit of exp(−d) in the distance-decay indices (default 1000)`;

/** Already-parsed spatial options. */
export interface SpatialOptions {
  distances?: number[];
  kernel?: KernelFunction;
  centre?: CentreSpec;
  decayScale?: number;
}

/** A distance in metres: a number > 0. */
const metres = (text: string, flag: string) =>
  numberFlag(text, flag, { ...RULES.positive, what: 'a distance in metres' }, 0);

/** Turns the raw flag values into {@link SpatialOptions}; UsageError for bad values. */
export function parseSpatialFlags(values: {
  distance?: string;
  distances?: string;
  kernel?: string;
  centre?: string;
  'decay-scale'?: string;
}): SpatialOptions {
  const out: SpatialOptions = {};
  if (values.distance !== undefined && values.distances !== undefined) {
    throw new UsageError('give --distance or --distances, not both');
  }
  if (values.distance !== undefined) out.distances = [metres(values.distance, 'distance')];
  if (values.distances !== undefined) {
    out.distances = values.distances.split(',').map((s) => metres(s, 'distances'));
  }
  if (values.kernel !== undefined)
    out.kernel = choiceFlag(values.kernel, 'kernel', ENVIRONMENT_KERNELS, 'triangular');
  if (values.centre !== undefined) {
    const c = values.centre.trim();
    if (['populationWeighted', 'mean', 'median', 'largestPopulation'].includes(c)) {
      out.centre = c as CentreSpec;
    } else {
      const parts = c.split(',').map(Number);
      if (parts.length !== 2 || !parts.every(Number.isFinite)) {
        throw new UsageError(
          `--centre must be "lon,lat", "x,y" or populationWeighted|mean|median, got "${c}"`,
        );
      }
      const [a, b] = parts as [number, number];
      // BNG eastings/northings are ≥ 0 and in the thousands; UK longitudes and latitudes are small.
      out.centre = Math.abs(a) <= 180 && Math.abs(b) <= 90 ? { lon: a, lat: b } : { x: a, y: b };
    }
  }
  if (values['decay-scale'] !== undefined) {
    out.decayScale = metres(values['decay-scale'], 'decay-scale');
  }
  return out;
}

/** Input of {@link spatialSegregation}: areas and counts aligned with the areas' features. */
export interface SpatialSegregationArgs extends SpatialOptions {
  /** The areas (any CRS Cohesion reads: lon/lat is projected to BNG). */
  areas: FeatureCollection;
  /** Id property of the areas (for errors and contiguity). */
  idProperty: string;
  /** Group counts, one array per group, aligned with `areas.features`. */
  groups: readonly Float64Array[];
  /** Group names (for the multigroup profile's columns). */
  groupNames?: readonly string[];
  /** Total population per area, aligned with `areas.features`. */
  total: Float64Array;
}

/** Output: spatial index values by CLI key, and the multiscalar profile when distances are given. */
export interface SpatialSegregationOutput {
  indices: Record<string, number | null>;
  profile?: { distance: number; indices: Record<string, number | null> }[];
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function sum(cols: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(cols[0]!.length);
  for (const c of cols) for (let i = 0; i < c.length; i++) out[i] = out[i]! + c[i]!;
  return out;
}

/**
 * The spatial segregation keys of `cohesion segregation --spatial`: every spatially explicit index
 * of the group (several groups: of the listed groups taken together, as the aspatial "indices"),
 * and with `distances` the multiscalar profile — the aspatial single-group indices (and, for two
 * or more groups, the multigroup indices over the groups plus a "rest" column where needed) on the
 * local environments at each distance.
 */
export async function spatialSegregation(args: SpatialSegregationArgs): Promise<SpatialSegregationOutput> {
  if (args.groups.length === 0) throw new UsageError('missing required flag --group');
  const areas = spatialAreas(args.areas, { idProperty: args.idProperty });
  const group = args.groups.length === 1 ? args.groups[0]! : sum(args.groups);
  const total = args.total;
  const queen = queenWeights(args.areas, { idProperty: args.idProperty });
  const boundary = sharedBoundaryWeights(areas);
  const decay = distanceDecayIndices(
    areas,
    group,
    total,
    args.decayScale !== undefined ? { scale: args.decayScale } : {},
  );
  const centreOpts = args.centre !== undefined ? { centre: args.centre } : {};
  const indices: Record<string, number | null> = {
    spatialDissimilarity: finite(spatialDissimilarity(queen, group, total).value),
    boundarySpatialDissimilarity: finite(
      boundarySpatialDissimilarity(areas, group, total, { boundary }).value,
    ),
    perimeterAreaRatioDissimilarity: finite(
      perimeterAreaRatioDissimilarity(areas, group, total, { boundary }).value,
    ),
    spatialProximity: finite(decay.spatialProximity),
    spatialProximityProfile: finite(spatialProximityProfile(queen, group, total).value),
    distanceDecayIsolation: finite(decay.distanceDecayIsolation),
    distanceDecayInteraction: finite(decay.distanceDecayInteraction),
    relativeClustering: finite(decay.relativeClustering),
    absoluteClustering: finite(decay.absoluteClustering),
    relativeConcentration: finite(relativeConcentration(areas, group, total).value),
    absoluteConcentration: finite(absoluteConcentration(areas, group, total).value),
    relativeCentralization: finite(relativeCentralization(areas, group, total, centreOpts).value),
    absoluteCentralization: finite(absoluteCentralization(areas, group, total, centreOpts).value),
    delta: finite(deltaIndex(areas, group, total).value),
  };
  const out: SpatialSegregationOutput = { indices };
  if (args.distances && args.distances.length > 0) {
    const popts = { distances: args.distances, ...(args.kernel ? { kernel: args.kernel } : {}) };
    const single = singleGroupProfile(areas, group, total, popts);
    let multi: ProfileStep[] | undefined;
    if (args.groups.length > 1) {
      const cols = [...args.groups];
      const rest = new Float64Array(total.length);
      let anyRest = false;
      for (let i = 0; i < total.length; i++) {
        rest[i] = total[i]! - group[i]!;
        if (rest[i]! > 0) anyRest = true;
      }
      if (anyRest) cols.push(rest);
      multi = multiGroupProfile(areas, groupTableFromColumns(cols), popts);
    }
    out.profile = single.map((step, s) => {
      const o: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(step.indices)) o[k] = finite(v);
      if (multi) for (const [k, v] of Object.entries(multi[s]!.indices)) o[k] = finite(v);
      return { distance: step.distance, indices: o };
    });
  }
  return out;
}

/**
 * Per-area spatial columns for `cohesion segregation --areas … --spatial --out FILE`, in feature
 * order: `localRelativeCentralization` (the group, or the listed groups together, within each
 * area and its 5 nearest neighbours), `localDistortion` (over the groups plus "rest" where needed)
 * and, with a distance (the first of `distances`), the local environment's `environmentEntropy`,
 * `environmentSimpsonsInteraction` and each group's `environmentLQ:<group>`. NaN where undefined.
 */
export function spatialLocalColumns(args: SpatialSegregationArgs): Record<string, Float64Array> {
  if (args.groups.length === 0) throw new UsageError('missing required flag --group');
  const areas = spatialAreas(args.areas, { idProperty: args.idProperty });
  const group = args.groups.length === 1 ? args.groups[0]! : sum(args.groups);
  const total = args.total;
  const cols = [...args.groups];
  const names = [...(args.groupNames ?? args.groups.map((_, m) => `group${m + 1}`))];
  const rest = new Float64Array(total.length);
  let anyRest = false;
  for (let i = 0; i < total.length; i++) {
    rest[i] = total[i]! - group[i]!;
    if (rest[i]! > 0) anyRest = true;
  }
  if (anyRest) {
    cols.push(rest);
    names.push('rest');
  }
  const table = groupTableFromColumns(cols);
  const out: Record<string, Float64Array> = {
    localRelativeCentralization: localRelativeCentralization(areas, group, total).values,
    localDistortion: localDistortion(areas, table).values,
  };
  const distance = args.distances?.[0];
  if (distance !== undefined) {
    const env = localEnvironmentIndices(areas, table, {
      distance,
      ...(args.kernel ? { kernel: args.kernel } : {}),
    });
    out.environmentEntropy = env.entropy.values;
    out.environmentSimpsonsInteraction = env.simpsonsInteraction.values;
    const k = table.k;
    names.forEach((name, m) => {
      out[`environmentLQ:${name}`] = Float64Array.from(
        { length: areas.n },
        (_, i) => env.locationQuotients[i * k + m]!,
      );
    });
  }
  return out;
}
