// The hostile-input corpus through the library: every bad file of test/hostile/manifest.json gives
// its typed error (CohesionError with the expected code) and the error names the file where a file
// was read. The CLI side is packages/cli/test/hostile.test.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  areaIds,
  bootstrapIndex,
  CohesionError,
  contiguityWeights,
  distanceBandWeights,
  knnWeights,
  localMoran,
  moranGlobal,
  numericColumn,
  pointsFromAreas,
  prepareOrigins,
  readAreas,
  readCsv,
  readTopoJSON,
  type SingleGroupIndexName,
  segregationByGroup,
  segregationIndices,
  spatialDissimilarity,
} from '../src/index.js';

const DIR = fileURLToPath(new URL('./hostile/', import.meta.url));
interface Case {
  file: string;
  class: string;
  what: string;
  expect: string;
  library?: string;
  cli: string[];
}
const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as { cases: Case[] };

async function table(path: string) {
  const t = await readCsv(path);
  return {
    t,
    input: {
      groups: [numericColumn(t, 'n')],
      groupNames: ['n'],
      total: numericColumn(t, 'total'),
      ids: t.rows.map((r) => r.code ?? ''),
      idColumn: 'code',
      source: path,
    },
  };
}

async function queenValues(path: string) {
  const fc = await readAreas(path);
  const w = contiguityWeights(fc, { idProperty: 'code' }).weights;
  // Raw property values, exactly as a JavaScript caller would pass them (no coercion on our side).
  return { w, x: fc.features.map((f) => f.properties?.v) as unknown as number[] };
}

/** The areas of good.geojson with their queen weights, and a table's columns with its codes. */
async function areasAndTable(path: string) {
  const w = contiguityWeights(await readAreas(`${DIR}good.geojson`), { idProperty: 'code' }).weights;
  const t = await readCsv(path);
  return {
    w,
    n: numericColumn(t, 'n'),
    total: numericColumn(t, 'total'),
    ids: t.rows.map((r) => r.code ?? ''),
  };
}

/** Each library operation a manifest case names. */
const OPS: Record<string, (path: string) => Promise<unknown>> = {
  readAreas: (p) => readAreas(p),
  readTopoJSON: (p) => readTopoJSON(p),
  readCsv: (p) => readCsv(p),
  knn: async (p) => knnWeights(pointsFromAreas(await readAreas(p), { idProperty: 'code' }), 3),
  origins: async (p) => prepareOrigins(await readAreas(p), { idProperty: 'code' }),
  ids: async (p) => areaIds(await readAreas(p), 'code'),
  moran: async (p) => {
    const { w, x } = await queenValues(p);
    return moranGlobal(w, x, { permutations: 9 });
  },
  segregation: async (p) => segregationIndices((await table(p)).input),
  'segregation-by': async (p) => {
    const { t, input } = await table(p);
    return segregationByGroup(
      input,
      t.rows.map((r) => r.council ?? ''),
    );
  },
  alpha: async (p) => {
    const { w, x } = await queenValues(p);
    return localMoran(w, x, { alpha: 1.5, permutations: 9 });
  },
  alpha0: async (p) => {
    const { w, x } = await queenValues(p);
    return localMoran(w, x, { alpha: 0, permutations: 9 });
  },
  permutations: async (p) => {
    const { w, x } = await queenValues(p);
    return moranGlobal(w, x, { permutations: -5 });
  },
  bootstrap: async (p) => {
    const { input } = await table(p);
    return bootstrapIndex(input.groups[0]!, input.total, { iterations: 1e9 });
  },
  index: async (p) =>
    segregationIndices((await table(p)).input, { single: ['nope' as SingleGroupIndexName] }),
  // A table in another order, given by position with its codes: refused, never read by position.
  'order-hotspots': async (p) => {
    const { w, n, ids } = await areasAndTable(p);
    return localMoran(w, n, { ids, permutations: 9 });
  },
  'order-segregation': async (p) => {
    const { w, n, total, ids } = await areasAndTable(p);
    return spatialDissimilarity(w, n, total, { ids });
  },
  k: async (p) => knnWeights(pointsFromAreas(await readAreas(p), { idProperty: 'code' }), 16),
  threshold: async (p) =>
    distanceBandWeights(pointsFromAreas(await readAreas(p), { idProperty: 'code' }), { threshold: 0 }),
};

describe('hostile-input corpus through the library', () => {
  const cases = manifest.cases.filter((c) => c.library);
  it('covers every class of bad input named in issue 15', () => {
    const classes = new Set(manifest.cases.map((c) => c.class));
    for (const c of ['truncated', 'parse', 'crs', 'codes', 'numbers', 'arguments', 'outputs', 'order'])
      expect(classes.has(c), c).toBe(true);
  });
  it.each(cases.map((c) => [`${c.file}: ${c.what}`, c] as const))('%s', async (_name, c) => {
    const op = OPS[c.library!];
    expect(op, c.library).toBeDefined();
    let err: unknown;
    try {
      await op!(`${DIR}${c.file}`);
    } catch (e) {
      err = e;
    }
    expect(err, `${c.file} gave no error`).toBeInstanceOf(CohesionError);
    expect((err as CohesionError).code, (err as Error).message).toBe(c.expect);
    // Reader errors name the file.
    if (['truncated', 'parse'].includes(c.class)) expect((err as Error).message).toContain(c.file);
  });
  it('the good files read and compute', async () => {
    const { w, x } = await queenValues(`${DIR}good.geojson`);
    expect(Number.isFinite(moranGlobal(w, x, { permutations: 9 }).I)).toBe(true);
    expect((await readTopoJSON(`${DIR}good.topojson`)).features).toHaveLength(16);
    expect(segregationIndices((await table(`${DIR}good.csv`)).input).areas).toBe(16);
  });
  it('the table in another order, with reorder: true, gives exactly the in-order results', async () => {
    const good = await areasAndTable(`${DIR}good.csv`);
    const shuffled = await areasAndTable(`${DIR}shuffled.csv`);
    expect(shuffled.ids).not.toEqual(good.ids);
    const lisa = (t: typeof good, o: object) => localMoran(t.w, t.n, { permutations: 9, ...o });
    expect(lisa(shuffled, { ids: shuffled.ids, reorder: true })).toEqual(lisa(good, {}));
    // By position, the same numbers would have been a different (wrong) answer.
    expect(lisa(shuffled, {}).Ii).not.toEqual(lisa(good, {}).Ii);
    const d = (t: typeof good, o: object) => spatialDissimilarity(t.w, t.n, t.total, o);
    expect(d(shuffled, { ids: shuffled.ids, reorder: true })).toEqual(d(good, {}));
  });
});
