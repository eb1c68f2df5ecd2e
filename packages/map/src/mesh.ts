import earcut from 'earcut';
import type { FeatureCollection } from 'geojson';
import { BoxGrid } from './boxgrid.js';

/**
 * The areas as one WebGL mesh in Web Mercator (MapLibre's 0..1 world square), triangulated once on
 * the main thread, with an index for picking.
 *
 * Why not a MapLibre GeoJSON source: its worker cuts every area into tiles (geojson-vt) and builds a
 * fill bucket per tile (earcut again, per tile and per zoom); for the 1,702 Greater Manchester LSOAs
 * that was ≈ 1 s of CPU on two cores before the first frame. Triangulating the whole set once here
 * takes tens of milliseconds, the mesh is drawn in two draw calls at every zoom, and a restyle only
 * rewrites a colour buffer.
 */
export interface AreaMesh {
  /** Number of areas (features). */
  count: number;
  /** Mercator position of the mesh's origin; vertices are stored relative to it (float32 precision). */
  origin: [number, number];
  /** Vertex positions relative to `origin`, x,y pairs. */
  positions: Float32Array;
  /** Area (feature index) of each vertex. */
  vertexArea: Uint32Array;
  /** Triangle vertex indices (fills). */
  triangles: Uint32Array;
  /** Line vertex index pairs (ring edges: the outlines). */
  edges: Uint32Array;
  /** Absolute mercator x,y of every ring vertex (for picking), and where each ring and area starts. */
  ringXY: Float64Array;
  ringStart: Uint32Array;
  areaRingStart: Uint32Array;
  /** Bounding boxes of the areas in mercator units. */
  index: BoxGrid | undefined;
}

/** Web Mercator x of a longitude, in MapLibre's 0..1 world square. */
export function mercatorX(lon: number): number {
  return (180 + lon) / 360;
}

/** Web Mercator y of a latitude, in MapLibre's 0..1 world square (0 at the north edge). */
export function mercatorY(lat: number): number {
  return (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;
}

type Ring = number[][];

/** Builds the mesh of every Polygon / MultiPolygon feature (others contribute nothing). */
export function buildAreaMesh(fc: FeatureCollection): AreaMesh {
  return meshBuilder(fc).finish();
}

/**
 * A mesh built a slice at a time, so a large set can be triangulated in the gaps between the page's
 * other work: `step(until)` works until `performance.now()` passes `until` and says whether it is
 * done; `finish()` completes it at once and returns the mesh.
 */
export interface MeshBuilder {
  step(until: number): boolean;
  finish(): AreaMesh;
}

/** Starts a {@link MeshBuilder} over the features (sizes and origin are found at once: one cheap pass). */
export function meshBuilder(fc: FeatureCollection): MeshBuilder {
  const count = fc.features.length;
  const polysOf = (i: number): Ring[][] => {
    const g = fc.features[i]?.geometry;
    return g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
  };
  // First pass: sizes, and the origin (west and north edges; mercator y falls as latitude rises).
  let nv = 0;
  let nr = 0;
  let west = Infinity;
  let north = -Infinity;
  for (let i = 0; i < count; i++) {
    for (const poly of polysOf(i)) {
      for (const ring of poly) {
        nv += ring.length;
        nr++;
        for (const p of ring) {
          if ((p[0] as number) < west) west = p[0] as number;
          if ((p[1] as number) > north) north = p[1] as number;
        }
      }
    }
  }
  let ox = mercatorX(west);
  let oy = mercatorY(north);
  if (!Number.isFinite(ox)) ox = oy = 0;
  const ringXY = new Float64Array(nv * 2);
  const positions = new Float32Array(nv * 2);
  const vertexArea = new Uint32Array(nv);
  const ringStart = new Uint32Array(nr + 1);
  const areaRingStart = new Uint32Array(count + 1);
  const edges = new Uint32Array(Math.max(0, nv - nr) * 2);
  const boxes = new Float64Array(count * 4);
  const tris: Uint32Array[] = [];
  let nt = 0;
  let v = 0;
  let r = 0;
  let e = 0;
  let next = 0;
  let result: AreaMesh | undefined;

  const area = (i: number) => {
    areaRingStart[i] = r;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const poly of polysOf(i)) {
      const first = v;
      const holes: number[] = [];
      for (const ring of poly) {
        if (v > first) holes.push(v - first);
        ringStart[r++] = v;
        const start = v;
        for (const p of ring) {
          const x = mercatorX(p[0] as number);
          const y = mercatorY(p[1] as number);
          ringXY[2 * v] = x;
          ringXY[2 * v + 1] = y;
          positions[2 * v] = x - ox;
          positions[2 * v + 1] = y - oy;
          vertexArea[v] = i;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
          v++;
        }
        for (let j = start; j + 1 < v; j++) {
          edges[e++] = j;
          edges[e++] = j + 1;
        }
      }
      // earcut on the relative positions (small numbers, as drawn).
      const local = earcut(positions.subarray(2 * first, 2 * v), holes.length ? holes : undefined, 2);
      const t = new Uint32Array(local.length);
      for (let k = 0; k < local.length; k++) t[k] = (local[k] as number) + first;
      tris.push(t);
      nt += t.length;
    }
    const b = i * 4;
    if (x0 <= x1) {
      boxes[b] = x0;
      boxes[b + 1] = y0;
      boxes[b + 2] = x1;
      boxes[b + 3] = y1;
    } else boxes.fill(Number.NaN, b, b + 4);
  };

  const done = (): AreaMesh => {
    ringStart[r] = v;
    areaRingStart[count] = r;
    const triangles = new Uint32Array(nt);
    let o = 0;
    for (const t of tris) {
      triangles.set(t, o);
      o += t.length;
    }
    // An area without geometry has a NaN box: never picked.
    const index = count > 0 ? new BoxGrid(boxes) : undefined;
    return {
      count,
      origin: [ox, oy],
      positions,
      vertexArea,
      triangles,
      edges: e === edges.length ? edges : edges.slice(0, e),
      ringXY,
      ringStart,
      areaRingStart,
      index,
    };
  };

  return {
    step(until) {
      while (next < count) {
        area(next++);
        // Check the clock every few areas only: performance.now() is not free.
        if ((next & 15) === 0 && performance.now() >= until) return false;
      }
      result ??= done();
      return true;
    },
    finish() {
      while (next < count) area(next++);
      result ??= done();
      return result;
    },
  };
}

/**
 * Whether a horizontal ray from (x, y) crosses the ring stored as x,y pairs in `xy` from vertex
 * `from` to `to` (exclusive) an odd number of times: the even-odd rule, one ring at a time, so that
 * a point is inside a polygon with holes when the count over all its rings is odd.
 */
export function crossesOdd(xy: ArrayLike<number>, from: number, to: number, x: number, y: number): boolean {
  let odd = false;
  for (let a = from, b = to - 1; a < to; b = a++) {
    const ax = xy[2 * a] as number;
    const ay = xy[2 * a + 1] as number;
    const bx = xy[2 * b] as number;
    const by = xy[2 * b + 1] as number;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) odd = !odd;
  }
  return odd;
}

/** Even-odd test of a mercator point against every ring of area `i`. */
function insideArea(m: AreaMesh, i: number, x: number, y: number): boolean {
  let hit = false;
  for (let r = m.areaRingStart[i] as number; r < (m.areaRingStart[i + 1] as number); r++)
    if (crossesOdd(m.ringXY, m.ringStart[r] as number, m.ringStart[r + 1] as number, x, y)) hit = !hit;
  return hit;
}

/**
 * The area under a longitude/latitude, or −1: bounding-box candidates from the index, then an
 * even-odd point-in-polygon test in mercator units (the space the mesh is drawn in, so what is
 * picked is what is seen). Where areas overlap, the one drawn last (on top) wins.
 */
export function pickArea(m: AreaMesh, lon: number, lat: number): number {
  if (!m.index) return -1;
  const x = mercatorX(lon);
  const y = mercatorY(lat);
  let best = -1;
  for (const i of m.index.search(x, y)) if (i > best && insideArea(m, i, x, y)) best = i;
  return best;
}
