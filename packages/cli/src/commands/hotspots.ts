import {
  evaluateExpression,
  gearyGlobal,
  getisOrdGlobal,
  joinByCode,
  localGetisOrd,
  localMoran,
  moranGlobal,
  type PermutationAlternative,
  QUADRANT_LABELS,
  readAreas,
  readCsv,
  type Table,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { command } from '../command.js';
import { choiceFlag, inferenceOptions, required, stringFlags, UsageError } from '../flags.js';
import { emit, requireOutput } from '../output.js';
import { ANALYSIS_FLAGS, analysisWeights } from './weights.js';

export const summary =
  'hotspots --areas FILE --id PROP [--table CSV --table-id COL] --value EXPR --statistic moran|geary|lisa|gi|gistar --json';

const HELP = `Usage: cohesion hotspots --areas FILE --id PROP [--table CSV --table-id COL] --value EXPR
         --statistic moran|geary|g|lisa|gi|gistar [--weights queen|rook|knn|distance|kernel]
         [--k N] [--threshold M] [--transform r|b] [--permutations 999] [--seed 12345]
         [--alternative two-sided|folded|greater|less] [--alpha 0.05] [--correction none|fdr|bonferroni]
         [--variant conditional|total|esda]
         (--json | --out FILE.geojson|.csv|.fgb)

--value is a column or arithmetic of columns, e.g. "(Persons-WhiteBrit)/Persons" (quote names with
spaces in backticks). Values come from the areas' properties, or from --table joined on --table-id
(default --id; every area must match one row). Weights default to queen contiguity, transform r
(b for g)
(row-standardised, spdep "W"). Conventions follow spdep: Geary z = (1 − C)/sd (positive =
clustering), Gi/Gi* z as localG, LISA moments as localmoran (--variant). Permutation p-values are
seeded (--seed) and two-sided by default; clusters use p_sim at --alpha, after the Benjamini–Hochberg
(fdr) or Bonferroni --correction if given.`;

const STATISTICS = ['moran', 'geary', 'g', 'lisa', 'gi', 'gistar'] as const;

/** The per-area inference every local statistic reports. */
interface LocalInference {
  z: ArrayLike<number>;
  p_norm: ArrayLike<number>;
  p_sim: ArrayLike<number>;
  cluster: readonly string[];
}

/** The named fields of a result, in the order given (the order of the JSON keys). */
function pick<T extends object, K extends keyof T>(result: T, keys: readonly K[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, result[k]]));
}

/** Table view of feature properties, so the expression evaluator can validate every cell. */
function propertiesTable(areas: FeatureCollection, source: string): Table {
  const columns = new Set<string>();
  for (const f of areas.features) for (const k of Object.keys(f.properties ?? {})) columns.add(k);
  return {
    columns: [...columns],
    rows: areas.features.map((f) =>
      Object.fromEntries(
        Object.entries(f.properties ?? {}).map(([k, v]) => [
          k,
          v === null || v === undefined ? '' : String(v),
        ]),
      ),
    ),
    source,
  };
}

const FLAGS = {
  ...ANALYSIS_FLAGS,
  ...stringFlags(['value', 'statistic', 'alternative', 'variant', 'correction']),
} as const;

export const run = command({ help: HELP, flags: FLAGS, writes: true }, async (values, { progress }) => {
  const areasPath = required(values.areas, 'areas');
  const id = required(values.id, 'id');
  const expr = required(values.value, 'value');
  const statistic = choiceFlag(required(values.statistic, 'statistic'), 'statistic', STATISTICS, 'moran');
  requireOutput(values);
  const { permutations, seed, alpha } = inferenceOptions(values);
  const alternative = choiceFlag<PermutationAlternative>(
    values.alternative,
    'alternative',
    ['two-sided', 'folded', 'greater', 'less'],
    'two-sided',
  );
  const correction = choiceFlag(values.correction, 'correction', ['none', 'fdr', 'bonferroni'], 'none');
  const variant = choiceFlag(values.variant, 'variant', ['conditional', 'total', 'esda'], 'conditional');

  let areas = await readAreas(areasPath);
  let source = areasPath;
  if (values.table) {
    const table = await readCsv(values.table);
    areas = joinByCode(areas, table, { areaId: id, tableId: values['table-id'] ?? id }).areas;
    source = `${areasPath} joined with ${values.table}`;
  } else if (values['table-id']) throw new UsageError('--table-id goes with --table');
  const x = evaluateExpression(expr, propertiesTable(areas, source));

  // General G is defined on binary (distance-band) weights; everything else defaults to row-standardised.
  const w = analysisWeights(areas, id, values, statistic === 'g' ? 'B' : 'R');
  const perm = { permutations, seed, alternative, onProgress: progress.stage('permutations') };

  /** One row per area of a local statistic; LISA adds its quadrant before the cluster. */
  const localRows = (
    name: 'I' | 'G',
    stat: ArrayLike<number>,
    r: LocalInference,
    quadrant?: (i: number) => string | undefined,
  ) =>
    w.ids.map((aid, i) => ({
      id: aid,
      value: x[i],
      [name]: stat[i],
      z: r.z[i],
      p_norm: r.p_norm[i],
      p_sim: r.p_sim[i],
      ...(quadrant ? { quadrant: quadrant(i) } : {}),
      cluster: r.cluster[i],
    }));
  let payload: Record<string, unknown>;
  let perArea: Record<string, unknown>[] | undefined;
  if (statistic === 'moran') {
    const m = moranGlobal(w, x, perm);
    payload = pick(m, ['I', 'EI', 'VI_norm', 'z_norm', 'p_norm', 'VI_rand', 'z_rand', 'p_rand', 'p_sim']);
  } else if (statistic === 'geary') {
    const g = gearyGlobal(w, x, perm);
    payload = pick(g, ['C', 'EC', 'VC_norm', 'z_norm', 'p_norm', 'VC_rand', 'z_rand', 'p_rand', 'p_sim']);
  } else if (statistic === 'g') {
    const g = getisOrdGlobal(w, x, perm);
    payload = pick(g, ['G', 'EG', 'VG', 'z', 'p_norm', 'p_sim']);
  } else if (statistic === 'lisa') {
    const l = localMoran(w, x, {
      ...perm,
      alpha,
      correction,
      variant,
    });
    const global = moranGlobal(w, x, { permutations: 0 });
    perArea = localRows('I', l.Ii, l, (i) => QUADRANT_LABELS[l.quadrant[i] as number]);
    payload = { I: global.I, results: perArea };
  } else {
    const g = localGetisOrd(w, x, { ...perm, alpha, correction, star: statistic === 'gistar' });
    perArea = localRows('G', g.G, g);
    payload = { results: perArea };
  }
  // Per-area results go on the areas' geometry; a global statistic is one record.
  const file = () =>
    perArea
      ? {
          type: 'FeatureCollection' as const,
          features: areas.features.map((f, i) => ({
            type: 'Feature' as const,
            geometry: f.geometry,
            properties: { ...perArea[i] },
          })),
        }
      : [payload];
  return emit(values, { file, json: payload });
});
