// Property-based tests (fast-check, fixed seed so CI is deterministic) for the invariants issue 15
// asks of the statistics and the readers.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  CohesionError,
  dissimilarity,
  localGetisOrd,
  localMoran,
  moranGlobal,
  parseCsv,
  readFlatGeobuf,
  segregationIndices,
  spatialDissimilarity,
  transformWeights,
  weightsFromLists,
  writeCsv,
  writeFlatGeobuf,
} from '../src/index.js';

const RUNS = { numRuns: 60, seed: 15 };

/** Area counts: group ≤ total, at least one person of the group and one other. */
const counts = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })), {
    minLength: 2,
    maxLength: 40,
  })
  .map((rows) => ({ group: rows.map(([g]) => g), total: rows.map(([g, o]) => g + o) }))
  .filter(({ group, total }) => {
    const X = group.reduce((a, b) => a + b, 0);
    const T = total.reduce((a, b) => a + b, 0);
    return X > 0 && X < T;
  });

describe('segregation invariants', () => {
  it('D ∈ [0, 1]', () => {
    fc.assert(
      fc.property(counts, ({ group, total }) => {
        const d = dissimilarity(group, total).value;
        return d >= 0 && d <= 1;
      }),
      RUNS,
    );
  });
  it('scaling every count by the same factor leaves D unchanged', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 1000 }), ({ group, total }, k) => {
        const a = dissimilarity(group, total).value;
        const b = dissimilarity(
          group.map((g) => g * k),
          total.map((t) => t * k),
        ).value;
        return Math.abs(a - b) < 1e-12;
      }),
      RUNS,
    );
  });
  it('permuting the rows together with their codes leaves every index unchanged', () => {
    fc.assert(
      fc.property(
        counts.chain((c) =>
          fc.tuple(fc.constant(c), fc.shuffledSubarray([...c.group.keys()], { minLength: c.group.length })),
        ),
        ([{ group, total }, order]) => {
          const ids = group.map((_, i) => `E0${i}`);
          const a = segregationIndices({ groups: [group], groupNames: ['g'], total, ids });
          const b = segregationIndices({
            groups: [order.map((i) => group[i]!)],
            groupNames: ['g'],
            total: order.map((i) => total[i]!),
            ids: order.map((i) => ids[i]!),
          });
          for (const [name, v] of Object.entries(a.single)) {
            const w = b.single[name as keyof typeof a.single]!;
            if (!(Math.abs(v[0]! - w[0]!) < 1e-9 || (Number.isNaN(v[0]!) && Number.isNaN(w[0]!))))
              return false;
          }
          return true;
        },
      ),
      RUNS,
    );
  });
  it('a repeated code is DUPLICATE_CODE, whatever the rows', () => {
    fc.assert(
      fc.property(counts, fc.nat(), ({ group, total }, j) => {
        const ids = group.map((_, i) => `E0${i}`);
        ids[(j % (ids.length - 1)) + 1] = ids[0]!;
        try {
          segregationIndices({ groups: [group], groupNames: ['g'], total, ids });
          return false;
        } catch (e) {
          return e instanceof CohesionError && e.code === 'DUPLICATE_CODE';
        }
      }),
      RUNS,
    );
  });
});

/** A ring of n areas (each neighbours the next and the previous), row-standardised. */
const ring = (n: number) =>
  transformWeights(
    weightsFromLists(
      Array.from({ length: n }, (_, i) => `a${i}`),
      Array.from({ length: n }, (_, i) => [(i + n - 1) % n, (i + 1) % n]),
    ),
    'R',
  );
const values = fc
  .array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 5, maxLength: 30 })
  .filter((x) => Math.max(...x) - Math.min(...x) > 1e-3);

describe("Moran's I invariants", () => {
  it('adding a constant leaves I unchanged; p-values are in (0, 1]', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -1e4, max: 1e4, noNaN: true }), (x, c) => {
        const w = ring(x.length);
        const a = moranGlobal(w, x, { permutations: 49, seed: 1 });
        const b = moranGlobal(
          w,
          x.map((v) => v + c),
          { permutations: 49, seed: 1 },
        );
        return Math.abs(a.I - b.I) < 1e-6 && a.p_sim > 0 && a.p_sim <= 1 && a.p_norm > 0 && a.p_norm <= 1;
      }),
      RUNS,
    );
  });
});

describe('row order (issue 15)', () => {
  /** Values with a permutation of their rows. */
  const permuted = values.chain((x) =>
    fc.tuple(fc.constant(x), fc.shuffledSubarray([...x.keys()], { minLength: x.length })),
  );
  it('permuting rows together with their codes leaves every hotspot result unchanged (reorder)', () => {
    fc.assert(
      fc.property(permuted, ([x, order]) => {
        const w = ring(x.length);
        const ids = order.map((i) => w.ids[i]!);
        const px = order.map((i) => x[i]!);
        const o = { permutations: 19, seed: 3 };
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        return (
          same(localMoran(w, px, { ...o, ids, reorder: true }), localMoran(w, x, o)) &&
          same(localGetisOrd(w, px, { ...o, ids, reorder: true }), localGetisOrd(w, x, o)) &&
          same(moranGlobal(w, px, { ...o, ids, reorder: true }), moranGlobal(w, x, o))
        );
      }),
      RUNS,
    );
  });
  it('…and a spatial segregation index; without reorder any other order is ORDER_MISMATCH', () => {
    fc.assert(
      fc.property(
        counts.chain((c) =>
          fc.tuple(fc.constant(c), fc.shuffledSubarray([...c.group.keys()], { minLength: c.group.length })),
        ),
        ([{ group, total }, order]) => {
          if (group.length < 3) return true;
          const w = ring(group.length);
          const ids = order.map((i) => w.ids[i]!);
          const pg = order.map((i) => group[i]!);
          const pt = order.map((i) => total[i]!);
          const a = spatialDissimilarity(w, group, total);
          const b = spatialDissimilarity(w, pg, pt, { ids, reorder: true });
          if (JSON.stringify(a) !== JSON.stringify(b)) return false;
          const moved = order.some((r, i) => r !== i);
          try {
            spatialDissimilarity(w, pg, pt, { ids });
            return !moved;
          } catch (e) {
            return moved && e instanceof CohesionError && e.code === 'ORDER_MISMATCH';
          }
        },
      ),
      RUNS,
    );
  });
});

describe('readers', () => {
  // Cells not starting with a formula character (those are neutralised on writing, by design).
  const cell = fc
    .string({ maxLength: 12 })
    .filter((s) => !/^[=+\-@\t\r]/.test(s) && s.trim() === s && s !== '');
  it('CSV round trip: writeCsv then parseCsv gives the same cells', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), (rows) => {
        const recs = rows.map(([a, b]) => ({ code: a, name: b }));
        const t = parseCsv(writeCsv(recs), 'round.csv');
        return JSON.stringify(t.rows) === JSON.stringify(recs);
      }),
      RUNS,
    );
  });
  const squares = (n: number) => ({
    type: 'FeatureCollection' as const,
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature' as const,
      properties: { code: `A${i}`, v: i },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [380000 + i * 100, 394000],
            [380100 + i * 100, 394000],
            [380100 + i * 100, 394100],
            [380000 + i * 100, 394000],
          ],
        ],
      },
    })),
  });
  it('FlatGeobuf round trip keeps every feature; a copy cut at any byte is TRUNCATED_FILE', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (n, f) => {
          const bytes = writeFlatGeobuf(squares(n));
          const back = await readFlatGeobuf(bytes);
          if (back.features.length !== n || back.features[n - 1]?.properties?.code !== `A${n - 1}`)
            return false;
          // From just after the magic bytes (shorter is "not a FlatGeobuf file") to one byte short.
          const cut = 8 + Math.floor(f * (bytes.length - 9));
          try {
            await readFlatGeobuf(bytes.slice(0, cut), { name: 'cut.fgb' });
            return false;
          } catch (e) {
            return e instanceof CohesionError && e.code === 'TRUNCATED_FILE' && e.message.includes('cut.fgb');
          }
        },
      ),
      RUNS,
    );
  });
  it('GeoJSON cut at any point is TRUNCATED_FILE or PARSE_ERROR, never a smaller collection', async () => {
    const { parseGeoJSON } = await import('../src/index.js');
    const text = JSON.stringify(squares(5));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        try {
          parseGeoJSON(text.slice(0, cut), 'cut.geojson');
          return false;
        } catch (e) {
          return e instanceof CohesionError && ['TRUNCATED_FILE', 'PARSE_ERROR'].includes(e.code);
        }
      }),
      RUNS,
    );
  });
});
