// Test fixtures: square-cell grids in BNG metres (not exported from the barrel).
import type { Feature, FeatureCollection } from 'geojson';

/** A rows × cols grid of `size`-metre squares with ids "r{row}c{col}", row-major, near Manchester. */
export function squareGrid(
  rows: number,
  cols: number,
  size = 100,
  x0 = 380000,
  y0 = 395000,
): FeatureCollection {
  const features: Feature[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = x0 + c * size;
      const y = y0 + r * size;
      features.push({
        type: 'Feature',
        properties: { id: `r${r}c${c}` },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + size, y],
              [x + size, y + size],
              [x, y + size],
              [x, y],
            ],
          ],
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Group counts on a 4 × 4 grid (total 100 per cell): a chequerboard, or two solid halves. */
export function gridCounts(rows: number, cols: number, layout: 'chequerboard' | 'halves') {
  const group = new Float64Array(rows * cols);
  const total = new Float64Array(rows * cols).fill(100);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const inGroup = layout === 'chequerboard' ? (r + c) % 2 === 0 : c < cols / 2;
      group[r * cols + c] = inGroup ? 100 : 0;
    }
  }
  return { group, total };
}
