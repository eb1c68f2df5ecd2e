// A polygon with no area (empty coordinates, a two-point ring, all points the same) is an error
// naming the feature, for contiguity and for the points of distance weights — never a silent
// island or a made-up centre.
import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CohesionError } from '../errors.js';
import { queenWeights } from './contiguity.js';
import { pointsFromAreas } from './distance.js';

const square = (x: number, y: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1000, y],
      [x + 1000, y + 1000],
      [x, y + 1000],
      [x, y],
    ],
  ],
});
const BAD: [string, Geometry][] = [
  ['empty MultiPolygon', { type: 'MultiPolygon', coordinates: [] }],
  [
    'two-point ring',
    {
      type: 'Polygon',
      coordinates: [
        [
          [401000, 400000],
          [402000, 400000],
          [401000, 400000],
        ],
      ],
    },
  ],
  [
    'all points the same',
    {
      type: 'Polygon',
      coordinates: [
        [
          [401000, 400000],
          [401000, 400000],
          [401000, 400000],
          [401000, 400000],
        ],
      ],
    },
  ],
];

function areas(bad: Geometry): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [square(400000, 400000), square(401000, 400000), bad, square(402000, 400000)].map(
      (geometry, i) => ({ type: 'Feature', properties: { code: `A${i}` }, geometry }),
    ),
  };
}

function errorOf(f: () => unknown): CohesionError | undefined {
  try {
    f();
  } catch (e) {
    return e as CohesionError;
  }
  return undefined;
}

describe.each(BAD)('a polygon with no area (%s)', (_, bad) => {
  it('queen weights: INVALID_GEOMETRY naming the feature', () => {
    const e = errorOf(() => queenWeights(areas(bad), { idProperty: 'code' }));
    expect(e?.code).toBe('INVALID_GEOMETRY');
    expect(e?.detail).toMatchObject({ feature: 2, id: 'A2' });
    expect(e?.message).toMatch(/feature 2 \(A2\) has a \w+ with no area/);
  });
  it('points for distance weights: the same error', () => {
    const e = errorOf(() => pointsFromAreas(areas(bad), { idProperty: 'code' }));
    expect(e?.code).toBe('INVALID_GEOMETRY');
    expect(e?.detail).toMatchObject({ feature: 2, id: 'A2' });
  });
});

it('the same file with a proper polygon there is fine', () => {
  expect(queenWeights(areas(square(403000, 400000)), { idProperty: 'code' }).n).toBe(4);
});
