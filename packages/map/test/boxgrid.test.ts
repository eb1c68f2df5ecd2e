// The picking index (boxgrid.ts): for any point, exactly the boxes that contain it (edges included),
// in ascending order, as a scan of every box finds them; NaN boxes are never found.
import { describe, expect, it } from 'vitest';
import { BoxGrid } from '../src/boxgrid.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scan(boxes: Float64Array, x: number, y: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < boxes.length / 4; i++) {
    const [w, s, e, n] = [boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!];
    if (w <= x && x <= e && s <= y && y <= n) out.push(i);
  }
  return out;
}

describe('BoxGrid', () => {
  it('finds exactly the boxes a scan finds: small, huge and overlapping boxes, corners and edges', () => {
    const rnd = random(7);
    const n = 600;
    const boxes = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) {
      if (i % 97 === 5) {
        boxes.fill(Number.NaN, 4 * i, 4 * i + 4);
        continue;
      }
      // Mostly small boxes in a mercator-like range, a few spanning most of the extent.
      const size = i % 50 === 0 ? 0.004 : 0.0002 * rnd();
      const x = 0.49 + 0.005 * rnd();
      const y = 0.32 + 0.003 * rnd();
      boxes.set([x, y, x + size, y + size * rnd()], 4 * i);
    }
    const grid = new BoxGrid(boxes);
    const points: [number, number][] = [];
    for (let k = 0; k < 3000; k++) points.push([0.489 + 0.011 * rnd(), 0.319 + 0.006 * rnd()]);
    // Every box's corners: the edges count as inside.
    for (let i = 0; i < n; i++) {
      const [w, s, e, nn] = [boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!];
      points.push([w, s], [e, nn], [w, nn], [e, s]);
    }
    let found = 0;
    for (const [x, y] of points) {
      const want = scan(boxes, x, y);
      found += want.length;
      expect(grid.search(x, y)).toEqual(want);
    }
    expect(found).toBeGreaterThan(3000);
  });

  it('many boxes covering the whole extent: still exact (the grid coarsens)', () => {
    const n = 300;
    const boxes = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) boxes.set([0, 0, 1 + i / n, 1], 4 * i);
    const grid = new BoxGrid(boxes);
    expect(grid.search(0.5, 0.5)).toHaveLength(n);
    expect(grid.search(1.5, 0.5)).toEqual(scan(boxes, 1.5, 0.5));
    expect(grid.search(2.5, 0.5)).toEqual([]);
  });

  it('degenerate input: one point box, no valid box, NaN queries', () => {
    expect(new BoxGrid(new Float64Array([0.3, 0.4, 0.3, 0.4])).search(0.3, 0.4)).toEqual([0]);
    expect(new BoxGrid(new Float64Array([0.3, 0.4, 0.3, 0.4])).search(0.3, 0.41)).toEqual([]);
    expect(new BoxGrid(new Float64Array(4).fill(Number.NaN)).search(0, 0)).toEqual([]);
    expect(new BoxGrid(new Float64Array([0, 0, 1, 1])).search(Number.NaN, 0.5)).toEqual([]);
  });
});
