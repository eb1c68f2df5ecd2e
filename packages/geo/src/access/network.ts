import Flatbush from 'flatbush';
import type { FeatureCollection, Position } from 'geojson';
import { CohesionError } from '../errors.js';
import type { CatchmentPairs } from './fca.js';
import { MinHeap } from './heap.js';
import type { NearestSiteResult } from './measures.js';
import type { AccessOrigins } from './origins.js';
import type { SiteIndex } from './site-index.js';
import { assertInGb, dist2d, featuresInBng } from './sites.js';

/**
 * An undirected footpath/street graph in BNG metres, stored as typed arrays (CSR adjacency):
 * node `u`'s edges are `adjNode[adjStart[u] .. adjStart[u+1]-1]` with lengths `adjLength[…]`.
 * Line vertices become nodes; vertices closer than 1 cm are merged, so lines that share an
 * end point (as in OS Open Roads / OSM extracts) connect.
 */
export interface AccessNetwork {
  nodeCount: number;
  x: Float64Array;
  y: Float64Array;
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjLength: Float64Array;
  /** flatbush over nodes, for snapping. */
  nodeIndex: Flatbush;
}

/**
 * Builds an {@link AccessNetwork} from GeoJSON LineString/MultiLineString features (WGS84 or BNG).
 * Errors: `EMPTY_INPUT` (no edges), `INVALID_GEOMETRY` (other geometry types), `OUTSIDE_GB`.
 */
export function buildAccessNetwork(fc: FeatureCollection, source = 'network'): AccessNetwork {
  const bng = featuresInBng(fc, source);
  const key = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const ea: number[] = [];
  const eb: number[] = [];
  const node = (p: Position, f: number): number => {
    const x = p[0] as number;
    const y = p[1] as number;
    const k = `${Math.round(x * 100)},${Math.round(y * 100)}`;
    let id = key.get(k);
    if (id === undefined) {
      assertInGb(x, y, `${source}: feature ${f}`, { feature: f });
      id = xs.length;
      key.set(k, id);
      xs.push(x);
      ys.push(y);
    }
    return id;
  };
  bng.features.forEach((f, i) => {
    const g = f.geometry;
    let lines: Position[][];
    if (g?.type === 'LineString') lines = [g.coordinates];
    else if (g?.type === 'MultiLineString') lines = g.coordinates;
    else {
      throw new CohesionError(
        'INVALID_GEOMETRY',
        `${source}: feature ${i} is a ${g?.type ?? 'null geometry'}; a network needs LineStrings`,
        { feature: i, value: g?.type ?? null },
      );
    }
    for (const line of lines) {
      for (let k = 0; k + 1 < line.length; k++) {
        const a = node(line[k]!, i);
        const b = node(line[k + 1]!, i);
        if (a !== b) {
          ea.push(a);
          eb.push(b);
        }
      }
    }
  });
  const n = xs.length;
  if (ea.length === 0) throw new CohesionError('EMPTY_INPUT', `${source}: no line segments`);
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const adjStart = new Int32Array(n + 1);
  for (let e = 0; e < ea.length; e++) {
    adjStart[ea[e]! + 1]!++;
    adjStart[eb[e]! + 1]!++;
  }
  for (let u = 0; u < n; u++) adjStart[u + 1]! += adjStart[u]!;
  const fill = adjStart.slice(0, n);
  const adjNode = new Int32Array(2 * ea.length);
  const adjLength = new Float64Array(2 * ea.length);
  for (let e = 0; e < ea.length; e++) {
    const a = ea[e]!;
    const b = eb[e]!;
    const len = dist2d(x[a]! - x[b]!, y[a]! - y[b]!);
    adjNode[fill[a]!] = b;
    adjLength[fill[a]!++] = len;
    adjNode[fill[b]!] = a;
    adjLength[fill[b]!++] = len;
  }
  const nodeIndex = new Flatbush(n);
  for (let u = 0; u < n; u++) nodeIndex.add(x[u]!, y[u]!, x[u]!, y[u]!);
  nodeIndex.finish();
  return { nodeCount: n, x, y, adjStart, adjNode, adjLength, nodeIndex };
}

/** Nearest network node to each point, and the straight-line snap distance (m). */
export function snapToNetwork(network: AccessNetwork, xs: Float64Array, ys: Float64Array) {
  const n = xs.length;
  const node = new Int32Array(n);
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = network.nodeIndex.neighbors(xs[i]!, ys[i]!, 1)[0]!;
    node[i] = u;
    distance[i] = dist2d(network.x[u]! - xs[i]!, network.y[u]! - ys[i]!);
  }
  return { node, distance };
}

/**
 * Multi-source Dijkstra: every node's shortest network distance from any source, and which source
 * label reached it first. `sources` are node ids with starting costs and labels. Edges ≥ 0 so the
 * first settlement is final. Stops expanding beyond `maxDistance` (default Infinity).
 */
export function multiSourceDijkstra(
  network: AccessNetwork,
  sourceNode: ArrayLike<number>,
  sourceCost: ArrayLike<number>,
  sourceLabel: ArrayLike<number>,
  maxDistance = Number.POSITIVE_INFINITY,
): { distance: Float64Array; label: Int32Array } {
  const n = network.nodeCount;
  const distance = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const label = new Int32Array(n).fill(-1);
  const heap = new MinHeap();
  for (let k = 0; k < sourceNode.length; k++) {
    const u = sourceNode[k]!;
    const c = sourceCost[k]!;
    if (c < distance[u]! || (c === distance[u]! && sourceLabel[k]! < label[u]!)) {
      distance[u] = c;
      label[u] = sourceLabel[k]!;
      heap.push(u, c);
    }
  }
  const { adjStart, adjNode, adjLength } = network;
  while (heap.size > 0) {
    const u = heap.pop();
    const du = heap.lastKey;
    if (du > distance[u]! || du > maxDistance) continue;
    const lu = label[u]!;
    for (let e = adjStart[u]!; e < adjStart[u + 1]!; e++) {
      const v = adjNode[e]!;
      const dv = du + adjLength[e]!;
      if (dv < distance[v]!) {
        distance[v] = dv;
        label[v] = lu;
        heap.push(v, dv);
      }
    }
  }
  return { distance, label };
}

/** Options for network access. */
export interface NetworkAccessOptions {
  /**
   * Sites enter the network at nodes within this distance (m) of the site — of its boundary, or
   * of one of its linked access points — with that distance as the entry cost (default 50).
   */
  entryTolerance?: number;
}

/** Where each site joins the network: entry node, entry cost (m) and site. */
export interface SiteEntries {
  node: Int32Array;
  cost: Float64Array;
  site: Int32Array;
  /** Sites with no node within the tolerance: unreachable by network. */
  unreachableSites: number[];
}

/**
 * Entry nodes of every site (of at least `minAreaHa`): each network node within `entryTolerance`
 * of the site as {@link SiteIndex.nearest} measures it (so linked access points are honoured),
 * costed at that distance.
 */
export function siteNetworkEntries(
  network: AccessNetwork,
  index: SiteIndex,
  minAreaHa = 0,
  options: NetworkAccessOptions = {},
): SiteEntries {
  const tol = options.entryTolerance ?? 50;
  if (!(tol >= 0)) throw new CohesionError('INVALID_ARGUMENT', `entryTolerance must be ≥ 0, got ${tol}`);
  const node: number[] = [];
  const cost: number[] = [];
  const site: number[] = [];
  const has = new Uint8Array(index.sites.count);
  for (let u = 0; u < network.nodeCount; u++) {
    index.eachWithin(
      network.x[u]!,
      network.y[u]!,
      tol,
      (s, d) => {
        node.push(u);
        cost.push(d);
        site.push(s);
        has[s] = 1;
      },
      minAreaHa,
    );
  }
  const unreachableSites: number[] = [];
  for (let s = 0; s < index.sites.count; s++)
    if (!has[s] && index.sites.areaHa[s]! >= minAreaHa) unreachableSites.push(s);
  return {
    node: Int32Array.from(node),
    cost: Float64Array.from(cost),
    site: Int32Array.from(site),
    unreachableSites,
  };
}

/**
 * Network distance from each origin to the nearest site of at least `minAreaHa`: origin snap
 * distance + shortest path + site entry cost, by one multi-source Dijkstra over all sites.
 * Origins whose component reaches no site get Infinity and site −1.
 */
export function nearestGreenSpaceByNetwork(
  origins: AccessOrigins,
  index: SiteIndex,
  network: AccessNetwork,
  minAreaHa = 0,
  options: NetworkAccessOptions = {},
): NearestSiteResult & { snapDistance: Float64Array } {
  const entries = siteNetworkEntries(network, index, minAreaHa, options);
  const { distance, label } = multiSourceDijkstra(network, entries.node, entries.cost, entries.site);
  const snap = snapToNetwork(network, origins.xs, origins.ys);
  const n = origins.xs.length;
  const site = new Int32Array(n);
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = snap.node[i]!;
    site[i] = label[u]!;
    dist[i] = snap.distance[i]! + distance[u]!;
  }
  return { site, distance: dist, snapDistance: snap.distance };
}

/**
 * Network catchment pairs for the floating-catchment models: for each site a Dijkstra bounded by
 * `maxDistance` from its entry nodes; an origin is in the catchment when snap + path + entry ≤
 * `maxDistance`. Work is proportional to the network inside each catchment.
 */
export function networkCatchment(
  origins: AccessOrigins,
  index: SiteIndex,
  network: AccessNetwork,
  maxDistance: number,
  options: NetworkAccessOptions = {},
): CatchmentPairs {
  if (!(maxDistance >= 0)) {
    throw new CohesionError('INVALID_ARGUMENT', `catchment distance must be ≥ 0 m, got ${maxDistance}`);
  }
  const entries = siteNetworkEntries(network, index, 0, options);
  const snap = snapToNetwork(network, origins.xs, origins.ys);
  const nn = network.nodeCount;
  // Origins by snapped node (CSR).
  const oStart = new Int32Array(nn + 1);
  for (const u of snap.node) oStart[u + 1]!++;
  for (let u = 0; u < nn; u++) oStart[u + 1]! += oStart[u]!;
  const oList = new Int32Array(snap.node.length);
  const fill = oStart.slice(0, nn);
  snap.node.forEach((u, i) => {
    oList[fill[u]!++] = i;
  });
  // Entries by site (CSR).
  const m = index.sites.count;
  const eStart = new Int32Array(m + 1);
  for (const s of entries.site) eStart[s + 1]!++;
  for (let s = 0; s < m; s++) eStart[s + 1]! += eStart[s]!;
  const eOrder = new Int32Array(entries.site.length);
  const efill = eStart.slice(0, m);
  entries.site.forEach((s, k) => {
    eOrder[efill[s]!++] = k;
  });
  const siteStart = new Int32Array(m + 1);
  const po: number[] = [];
  const pd: number[] = [];
  const dist = new Float64Array(nn).fill(Number.POSITIVE_INFINITY);
  const touched: number[] = [];
  const heap = new MinHeap();
  const { adjStart, adjNode, adjLength } = network;
  for (let s = 0; s < m; s++) {
    for (let k = eStart[s]!; k < eStart[s + 1]!; k++) {
      const e = eOrder[k]!;
      const u = entries.node[e]!;
      const c = entries.cost[e]!;
      if (c < dist[u]!) {
        if (dist[u] === Number.POSITIVE_INFINITY) touched.push(u);
        dist[u] = c;
        heap.push(u, c);
      }
    }
    while (heap.size > 0) {
      const u = heap.pop();
      const du = heap.lastKey;
      if (du > dist[u]!) continue;
      for (let q = oStart[u]!; q < oStart[u + 1]!; q++) {
        const i = oList[q]!;
        const d = du + snap.distance[i]!;
        if (d <= maxDistance) {
          po.push(i);
          pd.push(d);
        }
      }
      for (let e = adjStart[u]!; e < adjStart[u + 1]!; e++) {
        const v = adjNode[e]!;
        const dv = du + adjLength[e]!;
        if (dv <= maxDistance && dv < dist[v]!) {
          if (dist[v] === Number.POSITIVE_INFINITY) touched.push(v);
          dist[v] = dv;
          heap.push(v, dv);
        }
      }
    }
    for (const u of touched) dist[u] = Number.POSITIVE_INFINITY;
    touched.length = 0;
    siteStart[s + 1] = po.length;
  }
  return {
    nOrigins: origins.xs.length,
    nSites: m,
    siteStart,
    origin: Int32Array.from(po),
    distance: Float64Array.from(pd),
  };
}
