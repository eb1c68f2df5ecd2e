import { CohesionError } from '../errors.js';

/**
 * A uniform grid over a set of points (British National Grid metres) in typed arrays: cells of
 * about one point each, points sorted by cell (CSR), coordinates copied in that order so a query
 * reads contiguous memory. Built for address-scale nearest-point queries (tens of millions of
 * origins against ~10⁵ access points), where a tree's per-query allocation and pointer chasing cost
 * more than the search itself.
 */
export class PointGrid {
  /** Point coordinates in cell order. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Original index of each point in cell order. */
  readonly ids: Int32Array;
  private readonly start: Int32Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly side: number;
  private readonly nx: number;
  private readonly ny: number;

  /**
   * @param xs, ys point coordinates
   * @param keep optional filter: only points with keep[k] ≠ 0 are indexed (e.g. one site-size class)
   */
  constructor(xs: ArrayLike<number>, ys: ArrayLike<number>, keep?: ArrayLike<number>) {
    const all = xs.length;
    let m = 0;
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < all; k++) {
      if (keep && !keep[k]) continue;
      const x = xs[k] as number;
      const y = ys[k] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y))
        throw new CohesionError('INVALID_GEOMETRY', `access point ${k} has a non-finite coordinate`, {
          row: k,
          value: [x, y],
        });
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
      m++;
    }
    if (m === 0) {
      minX = minY = maxX = maxY = 0;
    }
    const w = Math.max(maxX - minX, 1);
    const h = Math.max(maxY - minY, 1);
    // About one point per cell; at most ~4M cells.
    const side = Math.max(Math.sqrt((w * h) / Math.max(m, 1)), Math.sqrt((w * h) / 4e6), 1);
    this.side = side;
    this.x0 = minX;
    this.y0 = minY;
    this.nx = Math.floor(w / side) + 1;
    this.ny = Math.floor(h / side) + 1;
    const cells = this.nx * this.ny;
    const cellOf = new Int32Array(all).fill(-1);
    const start = new Int32Array(cells + 1);
    for (let k = 0; k < all; k++) {
      if (keep && !keep[k]) continue;
      const c =
        Math.floor(((ys[k] as number) - minY) / side) * this.nx +
        Math.floor(((xs[k] as number) - minX) / side);
      cellOf[k] = c;
      start[c + 1] = (start[c + 1] as number) + 1;
    }
    for (let c = 0; c < cells; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, cells);
    this.xs = new Float64Array(m);
    this.ys = new Float64Array(m);
    this.ids = new Int32Array(m);
    for (let k = 0; k < all; k++) {
      const c = cellOf[k] as number;
      if (c < 0) continue;
      const q = fill[c] as number;
      fill[c] = q + 1;
      this.xs[q] = xs[k] as number;
      this.ys[q] = ys[k] as number;
      this.ids[q] = k;
    }
    this.start = start;
  }

  /** Number of indexed points. */
  get size(): number {
    return this.xs.length;
  }

  /**
   * Nearest indexed point to (x, y) no farther than `maxDistance` (default: unlimited). Writes its
   * position in cell order (see `ids`) and distance to `out` and returns the distance, or Infinity
   * (position −1) when there is none within reach. Rings of cells are searched outwards until the
   * next ring cannot hold anything closer than the best so far; ties go to the lower cell order.
   */
  nearest(x: number, y: number, maxDistance = Number.POSITIVE_INFINITY, out?: { index: number }): number {
    const { side, nx, ny, start, xs, ys } = this;
    let best = Number.POSITIVE_INFINITY;
    let bestQ = -1;
    if (xs.length === 0) {
      if (out) out.index = -1;
      return best;
    }
    const fx = (x - this.x0) / side;
    const fy = (y - this.y0) / side;
    const cx = Math.floor(fx);
    const cy = Math.floor(fy);
    // Distance from (x, y) to the edge of its own cell (0 when outside the grid).
    const inside = cx >= 0 && cx < nx && cy >= 0 && cy < ny;
    const edge = inside ? side * Math.min(fx - cx, cx + 1 - fx, fy - cy, cy + 1 - fy) : 0;
    // Rings needed to reach the grid at all, from outside it.
    const gapX = cx < 0 ? -cx : cx >= nx ? cx - nx + 1 : 0;
    const gapY = cy < 0 ? -cy : cy >= ny ? cy - ny + 1 : 0;
    const maxRing = Math.max(nx, ny) + Math.max(gapX, gapY);
    for (let k = Math.max(gapX, gapY); k <= maxRing; k++) {
      const bound = k === 0 ? 0 : (k - 1) * side + edge;
      if (bound > best || bound > maxDistance) break;
      for (let r = Math.max(cy - k, 0); r <= Math.min(cy + k, ny - 1); r++) {
        // The ring's top and bottom rows in full; the rows between only at its two ends.
        const step = r === cy - k || r === cy + k || k === 0 ? 1 : 2 * k;
        for (let c = cx - k; c <= cx + k; c += step) {
          if (c < 0 || c >= nx) continue;
          const cell = r * nx + c;
          for (let q = start[cell] as number; q < (start[cell + 1] as number); q++) {
            const dx = (xs[q] as number) - x;
            const dy = (ys[q] as number) - y;
            const d = Math.sqrt(dx * dx + dy * dy);
            if (d < best || (d === best && q < bestQ)) {
              best = d;
              bestQ = q;
            }
          }
        }
      }
    }
    if (best > maxDistance) {
      best = Number.POSITIVE_INFINITY;
      bestQ = -1;
    }
    if (out) out.index = bestQ;
    return best;
  }
}
