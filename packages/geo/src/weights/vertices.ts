/**
 * Shared-vertex matching for contiguity weights, on typed arrays only (no per-vertex or per-pair
 * objects, no comparator sorts on the hot path): 35,000 Voronoi cells × 7 vertices match in tens
 * of milliseconds. `contiguityWeights` turns the counted area pairs into queen or rook links.
 */

/** Area pairs that share vertices, in (lo, hi) order: lo ascending, then hi ascending. */
export interface VertexPairs {
  /** Number of distinct area pairs. */
  count: number;
  /** Lower area index of each pair. */
  lo: Int32Array;
  /** Higher area index of each pair. */
  hi: Int32Array;
  /** Matched vertex pairs (within the tolerance) of each area pair. */
  total: Int32Array;
  /** Of those, how many are exactly equal coordinates. */
  exact: Int32Array;
}

/**
 * Counts, for every pair of areas, the vertices of one within `tol` (Euclidean) of a vertex of the
 * other, as spdep `poly2nb` does. Vertices are bucketed into columns of width `tol` and sorted by
 * (column, y, area) — a stable radix sort of the columns' float64 bits, then each run of equal
 * columns by (y, area) — so only vertices in the same or the next column within `tol` in y are
 * compared. Repeated vertices of one area (ring closures, rings sharing a vertex) count once.
 *
 * @param xs vertex x (scaled to metres when a snap is given on lon/lat data)
 * @param ys vertex y
 * @param fs area index of each vertex
 * @param n number of areas
 * @param tol snap distance (0 = exact matching)
 */
export function matchVertices(
  xs: Float64Array,
  ys: Float64Array,
  fs: Int32Array,
  n: number,
  tol: number,
): VertexPairs {
  const count = xs.length;
  const qx = new Float64Array(count);
  // (+ 0 folds −0 into 0, so equal columns have equal bits for the radix sort.)
  for (let k = 0; k < count; k++)
    qx[k] = (tol > 0 ? Math.floor((xs[k] as number) / tol) : (xs[k] as number)) + 0;
  const order = sortByColumnThenY(qx, ys, fs);
  // Sorted copies: every later pass reads memory in order.
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  const sq = new Float64Array(count);
  const sf = new Int32Array(count);
  // Drop repeated vertices within one area (adjacent after the sort).
  let u = 0;
  for (let k = 0; k < count; k++) {
    const a = order[k] as number;
    const x = xs[a] as number;
    const y = ys[a] as number;
    const f = fs[a] as number;
    if (u > 0 && x === sx[u - 1] && y === sy[u - 1] && f === sf[u - 1]) continue;
    sx[u] = x;
    sy[u] = y;
    sq[u] = qx[a] as number;
    sf[u++] = f;
  }
  // End of each vertex's column run.
  const colEnd = new Int32Array(u);
  for (let k = u - 1; k >= 0; k--)
    colEnd[k] = k + 1 < u && sq[k + 1] === sq[k] ? (colEnd[k + 1] as number) : k + 1;

  // Matched vertex pairs as (lo area, hi area, exact) in growable typed arrays.
  let plo = new Int32Array(Math.max(1024, count));
  let phi = new Int32Array(plo.length);
  let pex = new Uint8Array(plo.length);
  let np = 0;
  const visit = (a: number, b: number): void => {
    const fa = sf[a] as number;
    const fb = sf[b] as number;
    if (fa === fb) return;
    const dx = (sx[b] as number) - (sx[a] as number);
    const dy = (sy[b] as number) - (sy[a] as number);
    if (Math.abs(dx) > tol || Math.hypot(dx, dy) > tol) return;
    if (np === plo.length) {
      plo = grow(plo);
      phi = grow(phi);
      const e = new Uint8Array(np * 2);
      e.set(pex);
      pex = e;
    }
    plo[np] = Math.min(fa, fb);
    phi[np] = Math.max(fa, fb);
    pex[np++] = dx === 0 && dy === 0 ? 1 : 0;
  };
  for (let k = 0; k < u; k++) {
    const ya = sy[k] as number;
    const end = colEnd[k] as number;
    // Same column, forward in y.
    for (let l = k + 1; l < end && (sy[l] as number) - ya <= tol; l++) visit(k, l);
    // Next column (qx + 1), the y-window [ya − tol, ya + tol] found by binary search.
    if (tol > 0 && end < u && sq[end] === (sq[k] as number) + 1) {
      const stop = colEnd[end] as number;
      let lo = end;
      let hi = stop;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sy[mid] as number) < ya - tol) lo = mid + 1;
        else hi = mid;
      }
      for (let l = lo; l < stop && (sy[l] as number) - ya <= tol; l++) visit(k, l);
    }
  }
  return countPairs(plo, phi, pex, np, n);
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}

/** Groups matched vertex pairs by area pair: a counting sort by lo, then by hi within each lo. */
function countPairs(plo: Int32Array, phi: Int32Array, pex: Uint8Array, np: number, n: number): VertexPairs {
  const start = new Int32Array(n + 1);
  for (let q = 0; q < np; q++) start[(plo[q] as number) + 1] = (start[(plo[q] as number) + 1] as number) + 1;
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, n);
  // hi × 2 + exact, bucketed by lo.
  const keys = new Int32Array(np);
  for (let q = 0; q < np; q++) {
    const l = plo[q] as number;
    keys[fill[l] as number] = (phi[q] as number) * 2 + (pex[q] as number);
    fill[l] = (fill[l] as number) + 1;
  }
  const lo = new Int32Array(np);
  const hi = new Int32Array(np);
  const total = new Int32Array(np);
  const exact = new Int32Array(np);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const s = start[i] as number;
    const e = start[i + 1] as number;
    // Buckets hold a handful of entries (shared vertices with the area's higher neighbours).
    if (e - s > 64) keys.subarray(s, e).sort();
    else
      for (let a = s + 1; a < e; a++) {
        const v = keys[a] as number;
        let b = a - 1;
        while (b >= s && (keys[b] as number) > v) {
          keys[b + 1] = keys[b] as number;
          b--;
        }
        keys[b + 1] = v;
      }
    for (let a = s; a < e; ) {
      const j = (keys[a] as number) >> 1;
      let t = 0;
      let x = 0;
      while (a < e && (keys[a] as number) >> 1 === j) {
        t++;
        x += (keys[a] as number) & 1;
        a++;
      }
      lo[count] = i;
      hi[count] = j;
      total[count] = t;
      exact[count++] = x;
    }
  }
  return { count, lo, hi, total, exact };
}

/**
 * Vertex order by (column, y, area): a stable LSD radix sort of the columns' float64 bits (16-bit
 * digits, keys carried along so every pass reads in order; a pass whose digit is the same for all
 * is skipped), then each run of equal columns (usually the 2–4 copies of a shared vertex) sorted
 * stably by (y, area).
 */
export function sortByColumnThenY(qx: Float64Array, ys: Float64Array, fs: Int32Array): Uint32Array {
  const count = qx.length;
  const words = new Uint32Array(qx.buffer, qx.byteOffset, count * 2);
  // Float bits → unsigned keys in numeric order: flip all bits of negatives, the sign of the rest.
  let lo = new Uint32Array(count);
  let hi = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const h = words[2 * k + 1] as number;
    const l = words[2 * k] as number;
    const neg = h >>> 31 === 1;
    hi[k] = neg ? ~h >>> 0 : (h ^ 0x80000000) >>> 0;
    lo[k] = neg ? ~l >>> 0 : l;
  }
  let order = new Uint32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  let nOrder = new Uint32Array(count);
  let nLo = new Uint32Array(count);
  let nHi = new Uint32Array(count);
  const counts = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let k = 0; k < count; k++) {
      const d = ((key[k] as number) >>> shift) & 0xffff;
      counts[d + 1] = (counts[d + 1] as number) + 1;
    }
    let trivial = false;
    for (let d = 0; d < 65536; d++) {
      if (counts[d + 1] === count) trivial = true;
      counts[d + 1] = (counts[d + 1] as number) + (counts[d] as number);
    }
    if (trivial) continue;
    // The low words are not needed after the low passes.
    const carryLo = pass < 1;
    for (let k = 0; k < count; k++) {
      const d = ((key[k] as number) >>> shift) & 0xffff;
      const at = counts[d] as number;
      counts[d] = at + 1;
      nOrder[at] = order[k] as number;
      nHi[at] = hi[k] as number;
      if (carryLo) nLo[at] = lo[k] as number;
    }
    [order, nOrder] = [nOrder, order];
    [hi, nHi] = [nHi, hi];
    if (carryLo) [lo, nLo] = [nLo, lo];
  }
  const before = (a: number, b: number): boolean =>
    (ys[a] as number) < (ys[b] as number) ||
    ((ys[a] as number) === (ys[b] as number) && (fs[a] as number) < (fs[b] as number));
  for (let s = 0; s < count; ) {
    let e = s + 1;
    const q = qx[order[s] as number] as number;
    while (e < count && qx[order[e] as number] === q) e++;
    if (e - s > 32) {
      const run = Array.from(order.subarray(s, e)).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      order.set(run, s);
    } else
      for (let i = s + 1; i < e; i++) {
        const v = order[i] as number;
        let j = i - 1;
        while (j >= s && before(v, order[j] as number)) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = v;
      }
    s = e;
  }
  return order;
}
