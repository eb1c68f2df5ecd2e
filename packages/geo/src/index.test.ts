import { describe, expect, it } from 'vitest';
import * as root from './index.js';
import * as aspatial from './segregation/aspatial.js';
import * as spatial from './segregation/spatial/index.js';
import * as stats from './stats/index.js';

// The curated public API (issue 16; docs/architecture.md "Public API"). The consumer test checks the
// same limit on the packed build.
const MAX_ROOT_EXPORTS = 250;

describe('the package root', () => {
  const names = Object.keys(root);

  it(`exports at most ${MAX_ROOT_EXPORTS} names`, () => {
    expect(names.length).toBeGreaterThan(150); // a wrong import path would give 0 and pass
    expect(names.length).toBeLessThanOrEqual(MAX_ROOT_EXPORTS);
  });

  it('keeps internals internal', () => {
    for (const internal of [
      'logFactorial',
      'ringSignedArea',
      'quantileSorted',
      'sortedQuantile',
      'delta',
      'kernelValue',
      'sampleBinomial',
      'checkSingleGroupDefined',
      'localDiversityRow',
      'giniValue',
      'parseJsonText',
      'decodeText',
      'multiSourceDijkstra',
      'pointSegmentDistance',
      'checkAlpha',
      'erf',
      'conditionalPermutations',
      'pointInRings',
      'floatingCatchment',
    ]) {
      expect(names, internal).not.toContain(internal);
    }
  });

  it('keeps the documented entry points', () => {
    for (const name of [
      'readAreas',
      'readCsv',
      'joinByCode',
      'toBng',
      'dissimilarity',
      'dissimilarityValue',
      'segregationIndices',
      'spatialAreas',
      'deltaIndex',
      'queenWeights',
      'localMoran',
      'analyseGreenSpaceAccess',
      'classifyValues',
      'createRandom',
      'CohesionError',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('deprecated spellings are the same functions as the British names (docs/naming.md)', () => {
    expect(root.neighborCounts).toBe(root.neighbourCounts);
    expect(root.weightsToNeighborList).toBe(root.weightsToNeighbourList);
    expect(root.weightsFromNeighborList).toBe(root.weightsFromNeighbourList);
  });
});

describe('subpaths', () => {
  it('the root re-exports each subpath function it documents as the same object', () => {
    expect(root.dissimilarity).toBe(aspatial.dissimilarity);
    expect(root.deltaIndex).toBe(spatial.deltaIndex);
    expect(root.createRandom).toBe(stats.createRandom);
  });

  it("the root's spatialAreas projects WGS84 itself; the spatial subpath's needs `project`", () => {
    // Two 0.01° cells near Manchester.
    const cell = (id: string, lon: number) => ({
      type: 'Feature' as const,
      properties: { id },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [lon, 53.4],
            [lon + 0.01, 53.4],
            [lon + 0.01, 53.41],
            [lon, 53.41],
            [lon, 53.4],
          ],
        ],
      },
    });
    const fc = { type: 'FeatureCollection' as const, features: [cell('a', -2.3), cell('b', -2.29)] };
    expect(root.spatialAreas).not.toBe(spatial.spatialAreas);
    expect(() => spatial.spatialAreas(fc, { idProperty: 'id' })).toThrow(root.CohesionError);
    const a = root.spatialAreas(fc, { idProperty: 'id' });
    const b = spatial.spatialAreas(fc, { idProperty: 'id', project: root.lonLatToBng });
    expect(Array.from(a.xs)).toEqual(Array.from(b.xs));
    expect(a.xs[0]).toBeGreaterThan(380000);
  });

  it('the permutation kernel stays importable from the stats subpath', () => {
    expect(typeof stats.pseudoP).toBe('function');
    expect(typeof stats.globalPermutations).toBe('function');
  });
});
