import {
  DEFAULT_PERMUTATIONS,
  DEFAULT_SEED,
  evaluateExpression,
  gearyGlobal,
  getisOrdGlobal,
  joinByCode,
  localGetisOrd,
  localMoran,
  MAX_PERMUTATIONS,
  moranGlobal,
  type PermutationAlternative,
  QUADRANT_LABELS,
  readAreas,
  readCsv,
  type Table,
  transformWeights,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import {
  alphaFlag,
  intFlag,
  OUT_HELP,
  OUTPUT_FLAGS,
  parseFlags,
  printJson,
  required,
  saveOptions,
  UsageError,
  writeOutput,
} from '../common.js';
import { buildWeights, numberFlag, transformFlag, WEIGHT_FLAGS } from './weights.js';

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
(fdr) or Bonferroni --correction if given.

${OUT_HELP}`;

const STATISTICS = ['moran', 'geary', 'g', 'lisa', 'gi', 'gistar'] as const;

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

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...WEIGHT_FLAGS,
    table: { type: 'string' },
    'table-id': { type: 'string' },
    value: { type: 'string' },
    statistic: { type: 'string' },
    permutations: { type: 'string' },
    seed: { type: 'string' },
    alternative: { type: 'string' },
    alpha: { type: 'string' },
    variant: { type: 'string' },
    correction: { type: 'string' },
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
  const expr = required(values.value, 'value');
  const statistic = required(values.statistic, 'statistic');
  if (!(STATISTICS as readonly string[]).includes(statistic))
    throw new UsageError(`--statistic must be one of ${STATISTICS.join(', ')}, got "${statistic}"`);
  if (!values.json && !values.out) throw new UsageError('missing required flag --json (or --out FILE)');
  const permutations = intFlag(
    values.permutations,
    'permutations',
    DEFAULT_PERMUTATIONS,
    0,
    MAX_PERMUTATIONS,
  );
  const seed = numberFlag(values.seed, 'seed') ?? DEFAULT_SEED;
  const alpha = alphaFlag(values.alpha);
  const alternative = (values.alternative ?? 'two-sided') as PermutationAlternative;
  if (!['two-sided', 'folded', 'greater', 'less'].includes(alternative))
    throw new UsageError(`--alternative must be two-sided, folded, greater or less; got "${alternative}"`);
  const correction = (values.correction ?? 'none') as 'none' | 'fdr' | 'bonferroni';
  if (!['none', 'fdr', 'bonferroni'].includes(correction))
    throw new UsageError(`--correction must be none, fdr or bonferroni; got "${correction}"`);
  const variant = values.variant ?? 'conditional';
  if (!['conditional', 'total', 'esda'].includes(variant))
    throw new UsageError(`--variant must be conditional, total or esda; got "${variant}"`);

  let areas = await readAreas(areasPath);
  let source = areasPath;
  if (values.table) {
    const table = await readCsv(values.table);
    areas = joinByCode(areas, table, { areaId: id, tableId: values['table-id'] ?? id }).areas;
    source = `${areasPath} joined with ${values.table}`;
  } else if (values['table-id']) throw new UsageError('--table-id goes with --table');
  const x = evaluateExpression(expr, propertiesTable(areas, source));

  const type = values.weights ?? values.type ?? 'queen';
  const { weights } = buildWeights(areas, id, type, values);
  // General G is defined on binary (distance-band) weights; everything else defaults to row-standardised.
  const w = transformWeights(weights, transformFlag(values.transform, statistic === 'g' ? 'B' : 'R'));
  const perm = { permutations, seed, alternative };

  let payload: Record<string, unknown>;
  let perArea: Record<string, unknown>[] | undefined;
  if (statistic === 'moran') {
    const m = moranGlobal(w, x, perm);
    payload = {
      I: m.I,
      EI: m.EI,
      VI_norm: m.VI_norm,
      z_norm: m.z_norm,
      p_norm: m.p_norm,
      VI_rand: m.VI_rand,
      z_rand: m.z_rand,
      p_rand: m.p_rand,
      p_sim: m.p_sim,
    };
  } else if (statistic === 'geary') {
    const g = gearyGlobal(w, x, perm);
    payload = {
      C: g.C,
      EC: g.EC,
      VC_norm: g.VC_norm,
      z_norm: g.z_norm,
      p_norm: g.p_norm,
      VC_rand: g.VC_rand,
      z_rand: g.z_rand,
      p_rand: g.p_rand,
      p_sim: g.p_sim,
    };
  } else if (statistic === 'g') {
    const g = getisOrdGlobal(w, x, perm);
    payload = { G: g.G, EG: g.EG, VG: g.VG, z: g.z, p_norm: g.p_norm, p_sim: g.p_sim };
  } else if (statistic === 'lisa') {
    const l = localMoran(w, x, {
      ...perm,
      alpha,
      correction,
      variant: variant as 'conditional' | 'total' | 'esda',
    });
    const global = moranGlobal(w, x, { permutations: 0 });
    perArea = w.ids.map((aid, i) => ({
      id: aid,
      value: x[i],
      I: l.Ii[i],
      z: l.z[i],
      p_norm: l.p_norm[i],
      p_sim: l.p_sim[i],
      quadrant: QUADRANT_LABELS[l.quadrant[i] as number],
      cluster: l.cluster[i],
    }));
    payload = { I: global.I, results: perArea };
  } else {
    const g = localGetisOrd(w, x, { ...perm, alpha, correction, star: statistic === 'gistar' });
    perArea = w.ids.map((aid, i) => ({
      id: aid,
      value: x[i],
      G: g.G[i],
      z: g.z[i],
      p_norm: g.p_norm[i],
      p_sim: g.p_sim[i],
      cluster: g.cluster[i],
    }));
    payload = { results: perArea };
  }
  if (values.out) {
    const rows = perArea ?? [payload];
    if (perArea)
      await writeOutput(
        values.out,
        {
          type: 'FeatureCollection',
          features: areas.features.map((f, i) => ({
            type: 'Feature',
            geometry: f.geometry,
            properties: { ...(rows[i] as Record<string, unknown>) },
          })),
        },
        saveOptions(values),
      );
    else await writeOutput(values.out, rows, saveOptions(values));
  }
  if (values.json) printJson(payload);
  return 0;
}
