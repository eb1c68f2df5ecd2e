import Flatbush from 'flatbush';
import { CohesionError } from '../errors.js';
import { MinHeap } from './heap.js';
import { dist2d, distanceToSite, type GreenSpaceSites, pointInSite, pointSegmentDistance2 } from './sites.js';

/**
 * Access points linked to sites: point `k` at (`xs[k]`, `ys[k]`) BNG metres is an entrance of site
 * `site[k]` (an index into {@link GreenSpaceSites}), or of no site when `site[k] === -1`.
 */
export interface LinkedAccessPoints {
  xs: Float64Array;
  ys: Float64Array;
  site: Int32Array;
}

/** Result of a nearest-site query. `site` is -1 (and `distance` Infinity) when no site qualifies. */
export interface NearestSite {
  site: number;
  distance: number;
}

interface SubIndex {
  /** Sites taking part (area ≥ the sub-index threshold). */
  siteList: Int32Array;
  siteBoxes: Flatbush | null;
  /** Target segments: polygon edges, or zero-length "segments" at linked access points. */
  segSite: Int32Array;
  seg: Float64Array;
  segBoxes: Flatbush | null;
  /**
   * Largest site area (ha) under each entry of `segBoxes`' packed tree (indexed by box position / 4):
   * a query for sites of at least A ha skips every subtree whose maximum is below A, so one tree
   * serves every size threshold.
   */
  maxArea: Float64Array;
}

/**
 * Spatial index over green-space sites answering "how far is the nearest site (of at least A ha)"
 * and "which sites lie within D metres" without an all-pairs matrix.
 *
 * Distance convention: 0 inside a site (even–odd, holes excluded); otherwise the straight-line
 * distance to the nearest point of the site's boundary (vertex or segment). When access points are
 * linked to a site, that site is instead reached at its nearest linked access point (sites with no
 * linked access point are still reached at their boundary). Built on flatbush (packed Hilbert
 * R-tree) over every boundary segment (or access point), annotated with the largest site area under
 * each tree node so that one tree answers every size threshold; see {@link SiteIndex.nearest}.
 */
export class SiteIndex {
  /** The indexed sites. */
  readonly sites: GreenSpaceSites;
  /** Linked access points, when sites are reached through them. */
  readonly accessPoints: LinkedAccessPoints | undefined;
  private readonly subs = new Map<string, SubIndex>();
  private readonly stamp: Int32Array;
  private readonly best: Float64Array;
  private tick = 0;
  private readonly heap = new MinHeap();
  // The sub-index used last: queries come in runs with the same threshold.
  private lastSub: SubIndex | undefined;
  private lastEdges = false;
  /** CSR of linked access points per site: site s owns `apOrder[apStart[s] .. apStart[s+1]-1]`. */
  private readonly apStart: Int32Array;
  private readonly apOrder: Int32Array;

  constructor(sites: GreenSpaceSites, accessPoints?: LinkedAccessPoints) {
    this.sites = sites;
    this.accessPoints = accessPoints;
    this.stamp = new Int32Array(sites.count);
    this.best = new Float64Array(sites.count);
    this.apStart = new Int32Array(sites.count + 1);
    const link = accessPoints?.site ?? new Int32Array(0);
    for (const s of link) if (s >= 0) this.apStart[s + 1]!++;
    for (let s = 0; s < sites.count; s++) this.apStart[s + 1]! += this.apStart[s]!;
    this.apOrder = new Int32Array(this.apStart[sites.count]!);
    const fill = this.apStart.slice(0, sites.count);
    link.forEach((s, k) => {
      if (s >= 0) this.apOrder[fill[s]!++] = k;
    });
  }

  /**
   * Distance (m) from (x, y) to site `s` as {@link SiteIndex.nearest} measures it: 0 inside;
   * otherwise to its nearest linked access point, or to its boundary when it has none.
   */
  distanceTo(s: number, x: number, y: number): number {
    const a = this.apStart[s]!;
    const b = this.apStart[s + 1]!;
    if (a === b || !this.accessPoints) return distanceToSite(this.sites, s, x, y);
    if (pointInSite(this.sites, s, x, y)) return 0;
    let best = Number.POSITIVE_INFINITY;
    for (let k = a; k < b; k++) {
      const p = this.apOrder[k]!;
      const d = dist2d(this.accessPoints.xs[p]! - x, this.accessPoints.ys[p]! - y);
      if (d < best) best = d;
    }
    return best;
  }

  /** [minX, minY, maxX, maxY] covering site `s` and its linked access points. */
  reachBox(s: number): [number, number, number, number] {
    const b = this.sites.bbox;
    const box: [number, number, number, number] = [b[4 * s]!, b[4 * s + 1]!, b[4 * s + 2]!, b[4 * s + 3]!];
    const ap = this.accessPoints;
    if (ap) {
      for (let k = this.apStart[s]!; k < this.apStart[s + 1]!; k++) {
        const p = this.apOrder[k]!;
        box[0] = Math.min(box[0], ap.xs[p]!);
        box[1] = Math.min(box[1], ap.ys[p]!);
        box[2] = Math.max(box[2], ap.xs[p]!);
        box[3] = Math.max(box[3], ap.ys[p]!);
      }
    }
    return box;
  }

  private sub(minAreaHa: number, edgesOnly = false): SubIndex {
    if (!(minAreaHa >= 0)) {
      throw new CohesionError('INVALID_ARGUMENT', `minimum site area must be ≥ 0 ha, got ${minAreaHa}`, {
        value: minAreaHa,
      });
    }
    if (this.lastSub && this.lastEdges === edgesOnly) return this.lastSub;
    const key = edgesOnly ? 'edges' : 'reach';
    let s = this.subs.get(key);
    if (!s) {
      s = this.build(0, edgesOnly);
      this.subs.set(key, s);
    }
    this.lastSub = s;
    this.lastEdges = edgesOnly;
    return s;
  }

  private build(minAreaHa: number, edgesOnly: boolean): SubIndex {
    const { sites } = this;
    const accessPoints = edgesOnly ? undefined : this.accessPoints;
    const use = new Uint8Array(sites.count);
    let nSites = 0;
    for (let s = 0; s < sites.count; s++)
      if (sites.areaHa[s]! >= minAreaHa) {
        use[s] = 1;
        nSites++;
      }
    const siteList = new Int32Array(nSites);
    for (let s = 0, k = 0; s < sites.count; s++) if (use[s]) siteList[k++] = s;
    // Sites with linked access points are reached through them, not their edges.
    const hasPoint = new Uint8Array(sites.count);
    let nSeg = 0;
    if (accessPoints) {
      for (let k = 0; k < accessPoints.site.length; k++) {
        const s = accessPoints.site[k]!;
        if (s >= 0 && use[s]) {
          hasPoint[s] = 1;
          nSeg++;
        }
      }
    }
    const { ringStart, siteRingStart, xs, ys } = sites;
    for (const s of siteList) {
      if (hasPoint[s]) continue;
      for (let r = siteRingStart[s]!; r < siteRingStart[s + 1]!; r++)
        nSeg += ringStart[r + 1]! - ringStart[r]! - 1;
    }
    const segSite = new Int32Array(nSeg);
    const seg = new Float64Array(4 * nSeg);
    let k = 0;
    if (accessPoints) {
      for (let a = 0; a < accessPoints.site.length; a++) {
        const s = accessPoints.site[a]!;
        if (s < 0 || !use[s]) continue;
        segSite[k] = s;
        seg[4 * k] = seg[4 * k + 2] = accessPoints.xs[a]!;
        seg[4 * k + 1] = seg[4 * k + 3] = accessPoints.ys[a]!;
        k++;
      }
    }
    for (const s of siteList) {
      if (hasPoint[s]) continue;
      for (let r = siteRingStart[s]!; r < siteRingStart[s + 1]!; r++) {
        for (let i = ringStart[r]!, e = ringStart[r + 1]! - 1; i < e; i++) {
          segSite[k] = s;
          seg[4 * k] = xs[i]!;
          seg[4 * k + 1] = ys[i]!;
          seg[4 * k + 2] = xs[i + 1]!;
          seg[4 * k + 3] = ys[i + 1]!;
          k++;
        }
      }
    }
    let segBoxes: Flatbush | null = null;
    if (nSeg > 0) {
      segBoxes = new Flatbush(nSeg);
      for (let i = 0; i < nSeg; i++) {
        const ax = seg[4 * i]!;
        const ay = seg[4 * i + 1]!;
        const bx = seg[4 * i + 2]!;
        const by = seg[4 * i + 3]!;
        segBoxes.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
      segBoxes.finish();
    }
    let siteBoxes: Flatbush | null = null;
    if (nSites > 0) {
      siteBoxes = new Flatbush(nSites);
      for (const s of siteList) {
        const b = sites.bbox;
        siteBoxes.add(b[4 * s]!, b[4 * s + 1]!, b[4 * s + 2]!, b[4 * s + 3]!);
      }
      siteBoxes.finish();
    }
    const packed = segBoxes?._boxes && Array.isArray(segBoxes._levelBounds) && segBoxes._indices;
    const maxArea = new Float64Array(segBoxes && packed ? segBoxes._boxes.length / 4 : 0);
    if (segBoxes && packed) {
      const { _indices: indices, _levelBounds: levelBounds, numItems, nodeSize } = segBoxes;
      for (let k = 0; k < numItems; k++) maxArea[k] = sites.areaHa[segSite[indices[k]!]!]!;
      // Parents come after their children in the packed layout, so one forward pass suffices.
      for (let k = numItems; k < maxArea.length; k++) {
        const first = indices[k]! | 0;
        const end = Math.min(first + nodeSize * 4, upperBound(first, levelBounds));
        let m = 0;
        for (let pos = first; pos < end; pos += 4) m = Math.max(m, maxArea[pos >> 2]!);
        maxArea[k] = m;
      }
    }
    return { siteList, siteBoxes, segSite, seg, segBoxes, maxArea };
  }

  /** The first (lowest-index) qualifying site containing (x, y), or -1. */
  private containing(sub: SubIndex, x: number, y: number, minAreaHa: number): number {
    if (!sub.siteBoxes) return -1;
    let found = -1;
    const area = this.sites.areaHa;
    sub.siteBoxes.search(x, y, x, y, (h) => {
      const s = sub.siteList[h]!;
      if (area[s]! >= minAreaHa && (found < 0 || s < found) && pointInSite(this.sites, s, x, y)) found = s;
      return false;
    });
    return found;
  }

  private segDist(sub: SubIndex, i: number, x: number, y: number): number {
    const g = sub.seg;
    return Math.sqrt(pointSegmentDistance2(x, y, g[4 * i]!, g[4 * i + 1]!, g[4 * i + 2]!, g[4 * i + 3]!));
  }

  /**
   * Nearest site of at least `minAreaHa` hectares to (x, y) BNG metres. Ties go to the lower site
   * index. Returns `{site: -1, distance: Infinity}` when no site is that large (or none lies within
   * `maxDistance`, when given). With `edgesOnly`, linked access points are ignored and every site
   * is reached at its boundary.
   *
   * Exact best-first search over the flatbush tree of target segments: tree nodes are queued by
   * their box distance (a lower bound); segments in an opened leaf node are measured exactly and
   * tighten the bound at once; the search stops when the closest queued node is farther than the
   * best segment found.
   */
  nearest(
    x: number,
    y: number,
    minAreaHa = 0,
    edgesOnly = false,
    maxDistance = Number.POSITIVE_INFINITY,
  ): NearestSite {
    const sub = this.sub(minAreaHa, edgesOnly);
    const inside = this.containing(sub, x, y, minAreaHa);
    if (inside >= 0) return { site: inside, distance: 0 };
    const tree = sub.segBoxes;
    if (!tree) return { site: -1, distance: Number.POSITIVE_INFINITY };
    const boxes = tree._boxes;
    const indices = tree._indices;
    const levelBounds = tree._levelBounds;
    // flatbush's packed layout is typed in its .d.ts but not a documented API: if a future version
    // changes it, fall back to its public k-NN plus a box search (exact, slower).
    if (!boxes || !indices || !Array.isArray(levelBounds) || sub.maxArea.length * 4 !== boxes.length)
      return this.nearestPublicApi(sub, x, y, maxDistance, minAreaHa);
    const numItems4 = tree.numItems * 4;
    const nodeSize4 = tree.nodeSize * 4;
    const seg = sub.seg;
    const segSite = sub.segSite;
    const maxArea = sub.maxArea;
    const q = this.heap;
    q.clear();
    let bound = maxDistance * maxDistance;
    let bestS = -1;
    q.push(boxes.length - 4, 0);
    while (q.size > 0 && q.peekKey() <= bound) {
      const node = q.pop();
      const leafLevel = node < numItems4;
      const end = Math.min(node + nodeSize4, upperBound(node, levelBounds));
      for (let pos = node; pos < end; pos += 4) {
        if (maxArea[pos >> 2]! < minAreaHa) continue; // no site that large below this entry
        const dx = Math.max(boxes[pos]! - x, x - boxes[pos + 2]!, 0);
        const dy = Math.max(boxes[pos + 1]! - y, y - boxes[pos + 3]!, 0);
        const d2 = dx * dx + dy * dy;
        if (d2 > bound) continue;
        const child = indices[pos >> 2]! | 0;
        if (leafLevel) {
          const i = 4 * child;
          const e2 = pointSegmentDistance2(x, y, seg[i]!, seg[i + 1]!, seg[i + 2]!, seg[i + 3]!);
          // Exact distance: tightens the bound at once (ties go to the lower site index).
          if (e2 < bound || (e2 === bound && (bestS < 0 || segSite[child]! < bestS))) {
            bound = e2;
            bestS = segSite[child]!;
          }
        } else q.push(child, d2);
      }
    }
    q.clear();
    if (bestS < 0) return { site: -1, distance: Number.POSITIVE_INFINITY };
    return { site: bestS, distance: Math.sqrt(bound) };
  }

  private nearestPublicApi(
    sub: SubIndex,
    x: number,
    y: number,
    maxDistance: number,
    minAreaHa = 0,
  ): NearestSite {
    const tree = sub.segBoxes!;
    const area = this.sites.areaHa;
    const big = (i: number) => area[sub.segSite[i]!]! >= minAreaHa;
    const first = tree.neighbors(x, y, 1, Number.POSITIVE_INFINITY, big)[0];
    if (first === undefined) return { site: -1, distance: Number.POSITIVE_INFINITY };
    let bestD = this.segDist(sub, first, x, y);
    let bestS = sub.segSite[first]!;
    const r = bestD;
    tree.search(x - r, y - r, x + r, y + r, (i) => {
      if (!big(i)) return false;
      const d = this.segDist(sub, i, x, y);
      const s = sub.segSite[i]!;
      if (d < bestD || (d === bestD && s < bestS)) {
        bestD = d;
        bestS = s;
      }
      return false;
    });
    return bestD <= maxDistance
      ? { site: bestS, distance: bestD }
      : { site: -1, distance: Number.POSITIVE_INFINITY };
  }

  /** Distance (m) from (x, y) to the boundary of site `s` (0 inside), ignoring access points. */
  nearestTo(s: number, x: number, y: number): number {
    return distanceToSite(this.sites, s, x, y);
  }

  /**
   * Calls `fn(site, distance)` once for every site of at least `minAreaHa` within `maxDistance`
   * metres of (x, y) (distance as in {@link SiteIndex.nearest}), in no particular order.
   */
  eachWithin(
    x: number,
    y: number,
    maxDistance: number,
    fn: (site: number, distance: number) => void,
    minAreaHa = 0,
  ): void {
    if (!(maxDistance >= 0)) {
      throw new CohesionError('INVALID_ARGUMENT', `maxDistance must be ≥ 0, got ${maxDistance}`, {
        value: maxDistance,
      });
    }
    const sub = this.sub(minAreaHa);
    const tick = ++this.tick;
    const { stamp, best } = this;
    const touched: number[] = [];
    const area = this.sites.areaHa;
    const r = maxDistance;
    if (sub.segBoxes) {
      sub.segBoxes.search(x - r, y - r, x + r, y + r, (i) => {
        const s = sub.segSite[i]!;
        if (area[s]! < minAreaHa) return false;
        const d = this.segDist(sub, i, x, y);
        if (d > r) return false;
        if (stamp[s] !== tick) {
          stamp[s] = tick;
          best[s] = d;
          touched.push(s);
        } else if (d < best[s]!) best[s] = d;
        return false;
      });
    }
    if (sub.siteBoxes) {
      for (const h of sub.siteBoxes.search(x, y, x, y)) {
        const s = sub.siteList[h]!;
        if (area[s]! < minAreaHa || !pointInSite(this.sites, s, x, y)) continue;
        if (stamp[s] !== tick) {
          stamp[s] = tick;
          touched.push(s);
        }
        best[s] = 0;
      }
    }
    for (const s of touched) fn(s, best[s]!);
  }
}

/** Builds a {@link SiteIndex} (indexes are built lazily, once per distinct size threshold). */
export function createSiteIndex(sites: GreenSpaceSites, accessPoints?: LinkedAccessPoints): SiteIndex {
  if (accessPoints) {
    const n = accessPoints.site.length;
    if (accessPoints.xs.length !== n || accessPoints.ys.length !== n) {
      throw new CohesionError('LENGTH_MISMATCH', 'access points: xs, ys and site differ in length', {
        value: [accessPoints.xs.length, accessPoints.ys.length, n],
      });
    }
    for (let k = 0; k < n; k++) {
      const s = accessPoints.site[k]!;
      if (s < -1 || s >= sites.count || !Number.isInteger(s)) {
        throw new CohesionError('INVALID_ARGUMENT', `access point ${k} refers to site index ${s}`, {
          row: k,
          value: s,
        });
      }
    }
  }
  return new SiteIndex(sites, accessPoints);
}

/** Flatbush's level boundary after `value` (same as flatbush's internal `upperBound`). */
function upperBound(value: number, arr: readonly number[]): number {
  let i = 0;
  let j = arr.length - 1;
  while (i < j) {
    const m = (i + j) >> 1;
    if (arr[m]! > value) j = m;
    else i = m + 1;
  }
  return arr[i]!;
}
