/**
 * A static index of bounding boxes for point queries (picking an area under the pointer): a uniform
 * grid over the boxes' extent, about one box per cell, each cell listing the boxes that overlap it.
 *
 * Why not flatbush (an R-tree): picking asks only "which boxes contain this point", once per pointer
 * event, and a grid answers that in a few lines; flatbush's tree, nearest-neighbour search and
 * priority queue were ≈ 7 KB of the element's start code (its 40 KB budget, issue 7).
 */
export class BoxGrid {
  /** Boxes as west, south, east, north (4 per item; NaN for an item with no box, never found). */
  readonly #boxes: Float64Array;
  readonly #x0: number;
  readonly #y0: number;
  /** Cells per unit of x and y. */
  readonly #kx: number;
  readonly #ky: number;
  readonly #nx: number;
  readonly #ny: number;
  /** Items of cell c are #items[#start[c] .. #start[c + 1]), in ascending order. */
  readonly #start: Uint32Array;
  readonly #items: Uint32Array;

  constructor(boxes: Float64Array) {
    this.#boxes = boxes;
    const n = boxes.length >> 2;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let valid = 0;
    for (let i = 0; i < n; i++) {
      const b = i * 4;
      if (Number.isNaN(boxes[b])) continue;
      valid++;
      x0 = Math.min(x0, boxes[b] as number);
      y0 = Math.min(y0, boxes[b + 1] as number);
      x1 = Math.max(x1, boxes[b + 2] as number);
      y1 = Math.max(y1, boxes[b + 3] as number);
    }
    if (!valid) x0 = y0 = x1 = y1 = 0;
    // Square-ish cells, about one box per cell; a degenerate extent (one point, a line) still gets
    // a non-zero cell size.
    const w = Math.max(x1 - x0, 1e-12);
    const h = Math.max(y1 - y0, 1e-12);
    let nx = Math.max(1, Math.min(1024, Math.round(Math.sqrt((valid * w) / h))));
    let ny = Math.max(1, Math.min(1024, Math.round(valid / nx)));
    // Cell of a coordinate: the same monotonic formula for boxes and queries, so a box holding a
    // point is always listed in the point's cell (clamped: a box's east or north edge on the
    // extent's edge falls in the last cell).
    let kx = 0;
    let ky = 0;
    const cellX = (x: number) => Math.min(nx - 1, Math.floor((x - x0) * kx));
    const cellY = (y: number) => Math.min(ny - 1, Math.floor((y - y0) * ky));
    const cells = (i: number, f: (c: number) => void) => {
      const b = i * 4;
      if (Number.isNaN(boxes[b])) return;
      const cx1 = cellX(boxes[b + 2] as number);
      const cy1 = cellY(boxes[b + 3] as number);
      for (let cy = cellY(boxes[b + 1] as number); cy <= cy1; cy++)
        for (let cx = cellX(boxes[b] as number); cx <= cx1; cx++) f(cy * nx + cx);
    };
    // Many large, overlapping boxes would each be listed in many cells: coarsen the grid until the
    // lists hold at most 16 entries per box.
    let start: Uint32Array;
    for (;;) {
      kx = nx / w;
      ky = ny / h;
      const counts = new Uint32Array(nx * ny + 1);
      let total = 0;
      for (let i = 0; i < n; i++)
        cells(i, (c) => {
          counts[c + 1] = (counts[c + 1] as number) + 1;
          total++;
        });
      start = counts;
      if (total <= 16 * Math.max(valid, 1) || (nx === 1 && ny === 1)) break;
      nx = Math.ceil(nx / 2);
      ny = Math.ceil(ny / 2);
    }
    for (let c = 0; c < nx * ny; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const items = new Uint32Array(start[nx * ny] as number);
    const next = start.slice(0, nx * ny);
    for (let i = 0; i < n; i++)
      cells(i, (c) => {
        const k = next[c] as number;
        items[k] = i;
        next[c] = k + 1;
      });
    this.#x0 = x0;
    this.#y0 = y0;
    this.#kx = kx;
    this.#ky = ky;
    this.#nx = nx;
    this.#ny = ny;
    this.#start = start;
    this.#items = items;
  }

  /** The items whose box contains the point (edges included), in ascending order. */
  search(x: number, y: number): number[] {
    const out: number[] = [];
    // Outside the extent no box holds the point (NaN never compares in range either).
    const cx = Math.floor((x - this.#x0) * this.#kx);
    const cy = Math.floor((y - this.#y0) * this.#ky);
    if (!(cx >= 0 && cy >= 0 && cx <= this.#nx && cy <= this.#ny)) return out;
    const c = Math.min(cx, this.#nx - 1) + Math.min(cy, this.#ny - 1) * this.#nx;
    const b = this.#boxes;
    for (let k = this.#start[c] as number; k < (this.#start[c + 1] as number); k++) {
      const i = this.#items[k] as number;
      const o = i * 4;
      if (
        (b[o] as number) <= x &&
        x <= (b[o + 2] as number) &&
        (b[o + 1] as number) <= y &&
        y <= (b[o + 3] as number)
      )
        out.push(i);
    }
    return out;
  }
}
