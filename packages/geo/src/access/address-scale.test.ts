// Address-scale access: the grid search equals brute force, chunking never changes a result, and
// the CSV stream reader is bounded by its chunk size and reports bad rows.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { createRandom } from '../stats/random.js';
import { AccessMatcher, readPointChunks, streamAddressAccess } from './address-scale.js';
import { PointGrid } from './point-grid.js';
import { ANGST } from './standards.js';

const rng = createRandom(20);
// 3,000 access points clustered in 20 towns over a 60 × 60 km square, site areas 0.2–800 ha.
const towns = Array.from({ length: 20 }, () => [rng.next() * 60_000, rng.next() * 60_000]);
const m = 3000;
const px = new Float64Array(m);
const py = new Float64Array(m);
const areaHa = new Float64Array(m);
for (let k = 0; k < m; k++) {
  const [tx, ty] = towns[k % 20] as number[];
  px[k] = (tx as number) + (rng.next() - 0.5) * 8000;
  py[k] = (ty as number) + (rng.next() - 0.5) * 8000;
  areaHa[k] = Math.exp(Math.log(0.2) + rng.next() * Math.log(4000));
}
const points = { xs: px, ys: py, areaHa };
// 5,000 addresses, some well outside the points' extent.
const n = 5000;
const ax = Float64Array.from({ length: n }, () => -20_000 + rng.next() * 100_000);
const ay = Float64Array.from({ length: n }, () => -20_000 + rng.next() * 100_000);

function brute(x: number, y: number, minHa = 0): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < m; k++)
    if ((areaHa[k] as number) >= minHa) {
      const dx = (px[k] as number) - x;
      const dy = (py[k] as number) - y;
      best = Math.min(best, Math.sqrt(dx * dx + dy * dy));
    }
  return best;
}

describe('address-scale green-space access', () => {
  it('PointGrid.nearest equals brute force, with and without a distance limit', () => {
    const grid = new PointGrid(px, py);
    const hit = { index: -1 };
    for (let i = 0; i < 500; i++) {
      const d = grid.nearest(ax[i] as number, ay[i] as number, Number.POSITIVE_INFINITY, hit);
      expect(d).toBe(brute(ax[i] as number, ay[i] as number));
      const k = grid.ids[hit.index] as number;
      expect(
        Math.hypot((px[k] as number) - (ax[i] as number), (py[k] as number) - (ay[i] as number)),
      ).toBeCloseTo(d, 6);
      const lim = grid.nearest(ax[i] as number, ay[i] as number, 1000);
      expect(lim).toBe(d <= 1000 ? d : Number.POSITIVE_INFINITY);
    }
  });

  it('AccessMatcher flags equal brute force for every ANGSt rule', () => {
    const matcher = new AccessMatcher(points, ANGST);
    const distance = new Float64Array(n);
    const point = new Int32Array(n);
    const meets = new Uint8Array(n);
    matcher.match(ax, ay, distance, point, meets);
    for (let i = 0; i < n; i += 7) {
      expect(distance[i]).toBe(brute(ax[i] as number, ay[i] as number));
      ANGST.rules.forEach((rule, r) => {
        const ok = brute(ax[i] as number, ay[i] as number, rule.minAreaHa) <= rule.maxDistanceM;
        expect(((meets[i] as number) >> r) & 1).toBe(ok ? 1 : 0);
      });
    }
  });

  it('streams a gzipped CSV in bounded chunks; the chunk size never changes the summary', async () => {
    const lines = ['id,x,y'];
    for (let i = 0; i < n; i++) lines.push(`a${i},${ax[i]},"${ay[i]}"`);
    const bytes = gzipSync(Buffer.from(`${lines.join('\r\n')}\r\n`));
    async function* blocks(size: number) {
      for (let o = 0; o < bytes.length; o += size) yield new Uint8Array(bytes.subarray(o, o + size));
    }
    const sizes: number[] = [];
    const a = await streamAddressAccess(readPointChunks(blocks(999), { chunkSize: 1024 }), points, {
      onChunk: (c) => {
        sizes.push(c.xs.length);
      },
    });
    const b = await streamAddressAccess([{ xs: ax, ys: ay }], points);
    expect(sizes).toEqual([1024, 1024, 1024, 1024, 904]);
    expect(a).toEqual({ ...b, chunks: 5 });
    expect(a.addresses).toBe(n);
    expect(a.rules.map((r) => r.key)).toEqual(ANGST.rules.map((r) => r.key));
    // Rule counts are between 0 and n, and meeting all implies meeting each.
    for (const r of a.rules) expect(r.meets).toBeGreaterThanOrEqual(a.meetsAll);
  });

  it('bad rows and missing columns are typed errors naming the line', async () => {
    const read = async (text: string) => {
      for await (const _ of readPointChunks(
        (async function* () {
          yield new TextEncoder().encode(text);
        })(),
      ));
    };
    await expect(read('x,y\n1,2\n3,abc\n')).rejects.toThrow(/line 3/);
    await expect(read('east,north\n1,2\n')).rejects.toBeInstanceOf(CohesionError);
    expect(() => new AccessMatcher({ xs: [], ys: [], areaHa: [] })).toThrow(CohesionError);
  });

  it('reads records as parseCsv does: quoted addresses with commas and line breaks, any delimiter, blank rows', async () => {
    const collect = async (text: string, blockSize: number) => {
      const bytes = new TextEncoder().encode(text);
      const xs: number[] = [];
      const ys: number[] = [];
      for await (const c of readPointChunks(
        (async function* () {
          for (let o = 0; o < bytes.length; o += blockSize) yield bytes.subarray(o, o + blockSize);
        })(),
        { chunkSize: 2 },
      )) {
        xs.push(...c.xs);
        ys.push(...c.ys);
      }
      return { xs, ys };
    };
    const text =
      'uprn,address,x,y\r\n1,"Flat 1, 2 High St",383000,398000\r\n\r\n2,"The ""Old"" Mill,\nSale",384000.5,399000\r\n3,plain,385000,400000\r\n';
    // Every block size cuts the text somewhere else, inside quotes and line ends included.
    for (const size of [1, 3, 7, 64]) {
      expect(await collect(text, size)).toEqual({
        xs: [383000, 384000.5, 385000],
        ys: [398000, 399000, 400000],
      });
    }
    expect(await collect('x;y\n1;2\n3;4', 5)).toEqual({ xs: [1, 3], ys: [2, 4] });
    await expect(collect('address,x,y\n"Flat 1, High St,1,2\n', 4)).rejects.toMatchObject({
      code: 'TRUNCATED_FILE',
    });
  });
});
