import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CohesionError } from '../errors.js';
import { twoStepFca } from './fca.js';
import { fc, point, polygon, rect } from './fixtures.test-helpers.js';
import {
  buildAccessNetwork,
  multiSourceDijkstra,
  nearestGreenSpaceByNetwork,
  networkCatchment,
} from './network.js';
import { prepareOrigins } from './origins.js';
import { createSiteIndex } from './site-index.js';
import { prepareGreenSpaceSites } from './sites.js';

const line = (...pts: [number, number][]): Feature => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'LineString', coordinates: pts },
});

// An L-shaped street: (400000,300000) → (401000,300000) → (401000,301000), and a separate path
// (399000,299000) → (399000,299100) not connected to it.
const network = buildAccessNetwork(
  fc([
    line([400000, 300000], [401000, 300000]),
    line([401000, 300000], [401000, 301000]),
    line([399000, 299000], [399000, 299100]),
  ]),
);
// Site 0: 1 ha square whose west edge is 50 m from the street's far end (401000, 301000).
// Site 1: 1 ha square 10 m east of the separate path.
const sites = prepareGreenSpaceSites(
  fc([polygon([rect(401050, 300900, 401150, 301000)]), polygon([rect(399010, 299000, 399110, 299100)])]),
);
const index = createSiteIndex(sites);
// O1 is 10 m off the street's start; O2 is beside the separate path.
const origins = prepareOrigins(fc([point(400000, 300010), point(399000, 299050)]));

describe('network distance', () => {
  it('builds a typed-array graph with merged shared vertices', () => {
    expect(network.nodeCount).toBe(5);
    expect(network.adjNode.length).toBe(6);
  });

  it('runs multi-source Dijkstra with labels', () => {
    // Sources at both ends of the L: node 0 (cost 0, label 7) and node 2 (cost 300, label 9).
    const r = multiSourceDijkstra(network, [0, 2], [0, 300], [7, 9]);
    expect(Array.from(r.distance.subarray(0, 3))).toEqual([0, 1000, 300]);
    expect(Array.from(r.label.subarray(0, 3))).toEqual([7, 7, 9]);
    expect(r.distance[3]).toBe(Number.POSITIVE_INFINITY);
  });

  it('reaches the nearest site along the network: snap 10 + 1000 + 1000 + entry 50', () => {
    const r = nearestGreenSpaceByNetwork(origins, index, network);
    // Straight line, site 1 is nearer to O1 (√(890² + 910²) ≈ 1273 m) but not connected.
    expect(index.nearest(origins.xs[0]!, origins.ys[0]!).site).toBe(1);
    expect(Array.from(r.site)).toEqual([0, 1]);
    expect(Array.from(r.distance)).toEqual([2060, 60]);
  });

  it('builds bounded network catchments for 2SFCA', () => {
    const pairs = networkCatchment(origins, index, network, 2100);
    expect(Array.from(pairs.siteStart)).toEqual([0, 1, 2]);
    expect(Array.from(pairs.origin)).toEqual([0, 1]);
    expect(Array.from(pairs.distance)).toEqual([2060, 60]);
    const r = twoStepFca(pairs, [1, 1], [100, 50]);
    expect(Array.from(r.access)).toEqual([0.01, 0.02]);
    expect(networkCatchment(origins, index, network, 2000).siteStart[1]).toBe(0);
  });

  it('rejects networks without lines', () => {
    expect(() => buildAccessNetwork(fc([point(400000, 300000)]))).toThrowError(CohesionError);
    expect(() => buildAccessNetwork(fc([]))).toThrowError(/no features/);
  });
});
