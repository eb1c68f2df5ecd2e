import {
  contiguityWeights,
  distanceBandWeights,
  type KernelFunction,
  kernelWeights,
  knnWeights,
  pointsFromAreas,
  readAreas,
  type SpatialWeights,
  transformWeights,
  weightsIslands,
  weightsToNeighbourList,
  writeGal,
  writeGwt,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { command } from '../command.js';
import {
  choiceFlag,
  INFERENCE_FLAGS,
  numberFlag,
  required,
  stringFlags,
  TABLE_FLAGS,
  UsageError,
} from '../flags.js';
import { emit, requireOutput } from '../output.js';

export const summary =
  'weights --areas FILE --id PROP --type queen|rook|knn|distance|kernel [--k N] [--threshold M] --json';

const HELP = `Usage: cohesion weights --areas FILE --id PROP --type queen|rook|knn|distance|kernel
         [--k N] [--threshold M] [--snap M] [--join-islands] [--kernel NAME] [--adaptive]
         [--inverse [--power A]] [--transform o|b|r|d|c|v] [--points centroid|surface]
         (--json | --out FILE.gal|.gwt|.json)

Spatial weights from polygons (GeoJSON, TopoJSON or FlatGeobuf; WGS84 or British National Grid):
  queen, rook   shared boundary points, as spdep poly2nb (--snap: tolerance in metres; default
                exact, spdep's sqrt(eps)); --join-islands links each island to its nearest area
  knn           the --k nearest areas (default 4), centroid distance in BNG metres
  distance      every area within --threshold metres (binary, or --inverse d^-power)
  kernel        --kernel triangular|uniform|quadratic|quartic|gaussian, bandwidth --threshold
                metres (fixed) or the --k-th neighbour distance (--adaptive; default k = 2)
--json prints {"neighbors": {"<id>": ["<id>", …]}, "islands": [...]}; --out writes GAL (neighbours),
GWT (weights after --transform) or the same JSON.`;

export const WEIGHT_FLAGS = {
  ...stringFlags([
    'areas',
    'id',
    'type',
    'weights',
    'k',
    'threshold',
    'snap',
    'kernel',
    'power',
    'transform',
    'points',
  ]),
  'join-islands': { type: 'boolean' },
  adaptive: { type: 'boolean' },
  inverse: { type: 'boolean' },
} as const;

/** The flags of a statistic on weights (`hotspots`, `incidents`): weights, a joined table, inference. */
export const ANALYSIS_FLAGS = { ...WEIGHT_FLAGS, ...TABLE_FLAGS, ...INFERENCE_FLAGS } as const;

export interface WeightFlagValues {
  k?: string;
  threshold?: string;
  snap?: string;
  'join-islands'?: boolean;
  kernel?: string;
  adaptive?: boolean;
  inverse?: boolean;
  power?: string;
  points?: string;
}

const TYPES = ['queen', 'rook', 'knn', 'distance', 'kernel'] as const;
const KERNELS: readonly KernelFunction[] = ['triangular', 'uniform', 'quadratic', 'quartic', 'gaussian'];

/** Builds weights (original transform) of the given type from areas; shared with `hotspots`/`incidents`. */
export function buildWeights(
  areas: FeatureCollection,
  idProperty: string,
  type: string,
  v: WeightFlagValues,
): { weights: SpatialWeights; islands: string[] } {
  choiceFlag(type, 'type', TYPES, 'queen');
  if (type === 'queen' || type === 'rook') {
    const r = contiguityWeights(areas, {
      idProperty,
      rule: type,
      snap: numberFlag(v.snap, 'snap'),
      joinIslands: v['join-islands'],
    });
    return { weights: r.weights, islands: r.islands };
  }
  const points = choiceFlag(v.points, 'points', ['centroid', 'surface'], 'centroid');
  const pts = pointsFromAreas(areas, {
    idProperty,
    method: points === 'surface' ? 'pointOnSurface' : 'centroid',
  });
  // The ranges (1 ≤ k < areas, distances > 0) are checked by the library, which knows the areas.
  const k = numberFlag(v.k, 'k');
  const threshold = numberFlag(v.threshold, 'threshold');
  let w: SpatialWeights;
  if (type === 'knn') w = knnWeights(pts, k ?? 4);
  else if (type === 'distance') {
    w = distanceBandWeights(pts, {
      threshold: required(threshold, 'threshold'),
      kind: v.inverse ? 'inverse' : 'binary',
      power: numberFlag(v.power, 'power'),
    });
  } else {
    w = kernelWeights(pts, {
      kernel: choiceFlag(v.kernel, 'kernel', KERNELS, 'triangular'),
      bandwidth: threshold,
      adaptive: v.adaptive,
      k,
    });
  }
  return { weights: w, islands: weightsIslands(w) };
}

/**
 * The weights a statistic runs on: `--weights` (or `--type`, default queen) built from the areas,
 * then `--transform` (default `fallback`).
 */
export function analysisWeights(
  areas: FeatureCollection,
  idProperty: string,
  values: WeightFlagValues & { weights?: string; type?: string; transform?: string },
  fallback: 'R' | 'B',
): SpatialWeights {
  const { weights } = buildWeights(areas, idProperty, values.weights ?? values.type ?? 'queen', values);
  return transformWeights(weights, transformFlag(values.transform, fallback));
}

/** `--transform` value → weights transform letter. */
export function transformFlag(
  value: string | undefined,
  fallback: 'R' | 'B' | 'O',
): 'O' | 'B' | 'R' | 'D' | 'C' | 'V' {
  if (value === undefined) return fallback;
  const t = value.toUpperCase() === 'W' ? 'R' : value.toUpperCase();
  if (!['O', 'B', 'R', 'D', 'C', 'V'].includes(t))
    throw new UsageError(`--transform must be one of o, b, r (= w), d, c, v; got "${value}"`);
  return t as 'O' | 'B' | 'R' | 'D' | 'C' | 'V';
}

export const run = command({ help: HELP, flags: WEIGHT_FLAGS, writes: true }, async (values) => {
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const type = required(values.type ?? values.weights, 'type');
  requireOutput(values);
  const areas = await readAreas(areasPath);
  const { weights, islands } = buildWeights(areas, id, type, values);
  const w = transformWeights(weights, transformFlag(values.transform, 'O'));
  const payload = { neighbors: weightsToNeighbourList(w), islands };
  // The file format follows the extension: GAL (neighbours), GWT (weights) or the JSON printed.
  const file = () => {
    const out = values.out!.toLowerCase();
    const header = { shapefile: areasPath, idVariable: id };
    if (out.endsWith('.gal')) return writeGal(w, header);
    if (out.endsWith('.gwt')) return writeGwt(w, header);
    if (out.endsWith('.json')) return `${JSON.stringify(payload)}\n`;
    throw new UsageError(`--out ${values.out}: use a .gal, .gwt or .json file`);
  };
  return emit(values, { file, json: payload });
});
