import { it } from 'vitest';
import { squareGrid } from '/work/main/packages/geo/src/segregation/spatial/testgrid.js';
import { queenWeights } from '/work/main/packages/geo/src/weights/contiguity.js';

it('x', () => {
  const w = queenWeights(squareGrid(4, 4), { idProperty: 'id' });
  console.log(Object.keys(w), w.n);
});
