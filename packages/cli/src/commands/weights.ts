import {
  contiguityWeights,
  distanceBandWeights,
  type KernelFunction,
  kernelWeights,
  knnWeights,
  pointsFromAreas,
  readAreas,
  type SpatialWeights,
  saveFile,
  transformWeights,
  weightsIslands,
  weightsToNeighborList,
  writeGal,
  writeGwt,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import {
  numberFlag,
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  required,
  saveOptions,
  UsageError,
} from '../common.js';

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
GWT (weights after --transform) or the same JSON.

${OUT_HELP}`;

export const WEIGHT_FLAGS = {
  areas: { type: 'string' },
  id: { type: 'string' },
  type: { type: 'string' },
  weights: { type: 'string' },
  k: { type: 'string' },
  threshold: { type: 'string' },
  snap: { type: 'string' },
  'join-islands': { type: 'boolean' },
  kernel: { type: 'string' },
  adaptive: { type: 'boolean' },
  inverse: { type: 'boolean' },
  power: { type: 'string' },
  transform: { type: 'string' },
  points: { type: 'string' },
} as const;

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

/** Parses a numeric flag; UsageError naming the flag otherwise. */
export { numberFlag } from '../common.js';

const TYPES = ['queen', 'rook', 'knn', 'distance', 'kernel'] as const;
const KERNELS = ['triangular', 'uniform', 'quadratic', 'quartic', 'gaussian'];

/** Builds weights (original transform) of the given type from areas; shared with `hotspots`/`incidents`. */
export function buildWeights(
  areas: FeatureCollection,
  idProperty: string,
  type: string,
  v: WeightFlagValues,
): { weights: SpatialWeights; islands: string[] } {
  if (!(TYPES as readonly string[]).includes(type))
    throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got "${type}"`);
  if (type === 'queen' || type === 'rook') {
    const r = contiguityWeights(areas, {
      idProperty,
      rule: type,
      snap: numberFlag(v.snap, 'snap'),
      joinIslands: v['join-islands'],
    });
    return { weights: r.weights, islands: r.islands };
  }
  const method =
    v.points === undefined || v.points === 'centroid'
      ? 'centroid'
      : v.points === 'surface'
        ? 'pointOnSurface'
        : undefined;
  if (!method) throw new UsageError(`--points must be centroid or surface, got "${v.points}"`);
  const pts = pointsFromAreas(areas, { idProperty, method });
  let w: SpatialWeights;
  if (type === 'knn') w = knnWeights(pts, numberFlag(v.k, 'k') ?? 4);
  else if (type === 'distance') {
    const threshold = numberFlag(required(v.threshold, 'threshold'), 'threshold') as number;
    w = distanceBandWeights(pts, {
      threshold,
      kind: v.inverse ? 'inverse' : 'binary',
      power: numberFlag(v.power, 'power'),
    });
  } else {
    const kernel = v.kernel ?? 'triangular';
    if (!KERNELS.includes(kernel))
      throw new UsageError(`--kernel must be one of ${KERNELS.join(', ')}, got "${kernel}"`);
    w = kernelWeights(pts, {
      kernel: kernel as KernelFunction,
      bandwidth: numberFlag(v.threshold, 'threshold'),
      adaptive: v.adaptive,
      k: numberFlag(v.k, 'k'),
    });
  }
  return { weights: w, islands: weightsIslands(w) };
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

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...WEIGHT_FLAGS,
    json: { type: 'boolean' },
    ...OUTPUT_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const type = required(values.type ?? values.weights, 'type');
  if (!values.json && !values.out) throw new UsageError('missing required flag --json (or --out FILE)');
  const areas = await readAreas(areasPath);
  const { weights, islands } = buildWeights(areas, id, type, values);
  const w = transformWeights(weights, transformFlag(values.transform, 'O'));
  const payload = { neighbors: weightsToNeighborList(w), islands };
  if (values.out) {
    const lower = values.out.toLowerCase();
    if (lower.endsWith('.gal'))
      await saveFile(values.out, writeGal(w, { shapefile: areasPath, idVariable: id }), saveOptions(values));
    else if (lower.endsWith('.gwt'))
      await saveFile(values.out, writeGwt(w, { shapefile: areasPath, idVariable: id }), saveOptions(values));
    else if (lower.endsWith('.json'))
      await saveFile(values.out, `${JSON.stringify(payload)}\n`, saveOptions(values));
    else throw new UsageError(`--out ${values.out}: use a .gal, .gwt or .json file`);
  }
  if (values.json) printJson(payload);
  return 0;
}
