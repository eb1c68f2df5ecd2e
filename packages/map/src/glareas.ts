import earcut from 'earcut';
import Flatbush from 'flatbush';
import type { FeatureCollection } from 'geojson';
import type * as MapLibre from 'maplibre-gl';

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
  index: Flatbush | undefined;
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
    let index: Flatbush | undefined;
    if (count > 0) {
      index = new Flatbush(count);
      for (let i = 0; i < count; i++) {
        const b = i * 4;
        // An area without geometry gets a box far outside the world square (never picked).
        if (Number.isNaN(boxes[b])) index.add(-10, -10, -10, -10);
        else
          index.add(
            boxes[b] as number,
            boxes[b + 1] as number,
            boxes[b + 2] as number,
            boxes[b + 3] as number,
          );
      }
      index.finish();
    }
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

/** Even-odd test of a mercator point against every ring of area `i`. */
function insideArea(m: AreaMesh, i: number, x: number, y: number): boolean {
  let hit = false;
  const xy = m.ringXY;
  for (let r = m.areaRingStart[i] as number; r < (m.areaRingStart[i + 1] as number); r++) {
    const s = m.ringStart[r] as number;
    const t = m.ringStart[r + 1] as number;
    for (let a = s, b = t - 1; a < t; b = a++) {
      const ax = xy[2 * a] as number;
      const ay = xy[2 * a + 1] as number;
      const bx = xy[2 * b] as number;
      const by = xy[2 * b + 1] as number;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) hit = !hit;
    }
  }
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
  for (const i of m.index.search(x, y, x, y)) if (i > best && insideArea(m, i, x, y)) best = i;
  return best;
}

const VERTEX = `
uniform mat4 u_matrix;
attribute vec2 a_pos;
attribute vec4 a_color;
varying vec4 v_color;
void main() {
  v_color = a_color;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
}`;

// A colour with alpha 0 marks "no data": drawn as a white fill hatched with diagonal lines 8 CSS px
// apart, in screen space like MapLibre's fill-pattern.
const FRAGMENT = `
#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif
uniform float u_ratio;
uniform vec4 u_hatch;
varying vec4 v_color;
void main() {
  vec4 c = v_color;
  if (c.a < 0.5) {
    float d = mod(floor(gl_FragCoord.x / u_ratio) + floor(gl_FragCoord.y / u_ratio), 8.0);
    c = d < 2.0 ? u_hatch : vec4(1.0);
  }
  gl_FragColor = c;
}`;

type GL = WebGLRenderingContext | WebGL2RenderingContext;

/** Parses `#rrggbb` (or `#rgb`) into bytes; anything else is mid grey. */
export function rgbBytes(hex: string): [number, number, number] {
  let h = hex.trim().replace(/^#/, '');
  if (h.length === 3) h = h.replace(/./g, '$&$&');
  const n = /^[0-9a-f]{6}$/i.test(h) ? Number.parseInt(h, 16) : 0x808080;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A MapLibre custom layer drawing an {@link AreaMesh}: fills (with the no-data hatch) and 1-pixel
 * outlines, coloured per area by {@link AreaLayer.setColours}.
 */
export class AreaLayer implements MapLibre.CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  readonly mesh: AreaMesh;
  #map: MapLibre.Map | undefined;
  #gl: GL | undefined;
  #program: WebGLProgram | null = null;
  #buffers:
    | { pos: WebGLBuffer; fill: WebGLBuffer; line: WebGLBuffer; tri: WebGLBuffer; edge: WebGLBuffer }
    | undefined;
  #fillBytes: Uint8Array;
  #lineBytes: Uint8Array;
  #dirty = true;
  #loc:
    | {
        pos: number;
        color: number;
        matrix: WebGLUniformLocation | null;
        ratio: WebGLUniformLocation | null;
        hatch: WebGLUniformLocation | null;
      }
    | undefined;
  #matrix = new Float32Array(16);
  #hatch: [number, number, number];

  constructor(id: string, mesh: AreaMesh, hatch = '#6f777b') {
    this.id = id;
    this.mesh = mesh;
    const nv = mesh.vertexArea.length;
    this.#fillBytes = new Uint8Array(nv * 4);
    this.#lineBytes = new Uint8Array(nv * 4);
    this.#hatch = rgbBytes(hatch);
  }

  /**
   * Colours of each area: `fills[i]` and `lines[i]` as `#rrggbb`; `noData[i]` true draws area i hatched.
   */
  setColours(fills: readonly string[], lines: readonly string[], noData?: (i: number) => boolean): void {
    const { vertexArea, count } = this.mesh;
    const fa = new Uint8Array(count * 4);
    const la = new Uint8Array(count * 4);
    const cache = new Map<string, [number, number, number]>();
    const rgb = (c: string) => {
      let v = cache.get(c);
      if (!v) {
        v = rgbBytes(c);
        cache.set(c, v);
      }
      return v;
    };
    for (let i = 0; i < count; i++) {
      fa.set(rgb(fills[i] ?? '#ffffff'), i * 4);
      fa[i * 4 + 3] = noData?.(i) ? 0 : 255;
      la.set(rgb(lines[i] ?? '#505a5f'), i * 4);
      la[i * 4 + 3] = 255;
    }
    const f = this.#fillBytes;
    const l = this.#lineBytes;
    const fw = new Uint32Array(fa.buffer);
    const lw = new Uint32Array(la.buffer);
    const fv = new Uint32Array(f.buffer);
    const lv = new Uint32Array(l.buffer);
    for (let v = 0; v < vertexArea.length; v++) {
      const a = vertexArea[v] as number;
      fv[v] = fw[a] as number;
      lv[v] = lw[a] as number;
    }
    this.#dirty = true;
    this.#map?.triggerRepaint();
  }

  onAdd(map: MapLibre.Map, gl: GL): void {
    this.#map = map;
    this.#gl = gl;
    const shader = (type: number, src: string) => {
      const s = gl.createShader(type) as WebGLShader;
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS))
        throw new Error(`area shader: ${gl.getShaderInfoLog(s)}`);
      return s;
    };
    const p = gl.createProgram() as WebGLProgram;
    gl.attachShader(p, shader(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(p, shader(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS))
      throw new Error(`area program: ${gl.getProgramInfoLog(p)}`);
    this.#program = p;
    this.#loc = {
      pos: gl.getAttribLocation(p, 'a_pos'),
      color: gl.getAttribLocation(p, 'a_color'),
      matrix: gl.getUniformLocation(p, 'u_matrix'),
      ratio: gl.getUniformLocation(p, 'u_ratio'),
      hatch: gl.getUniformLocation(p, 'u_hatch'),
    };
    // WebGL 1 needs this extension for 32-bit indices (75k vertices do not fit 16 bits).
    if (!(typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext))
      gl.getExtension('OES_element_index_uint');
    const buffer = (target: number, data: ArrayBufferView, usage: number) => {
      const b = gl.createBuffer() as WebGLBuffer;
      gl.bindBuffer(target, b);
      gl.bufferData(target, data, usage);
      return b;
    };
    this.#buffers = {
      pos: buffer(gl.ARRAY_BUFFER, this.mesh.positions, gl.STATIC_DRAW),
      fill: buffer(gl.ARRAY_BUFFER, this.#fillBytes, gl.DYNAMIC_DRAW),
      line: buffer(gl.ARRAY_BUFFER, this.#lineBytes, gl.DYNAMIC_DRAW),
      tri: buffer(gl.ELEMENT_ARRAY_BUFFER, this.mesh.triangles, gl.STATIC_DRAW),
      edge: buffer(gl.ELEMENT_ARRAY_BUFFER, this.mesh.edges, gl.STATIC_DRAW),
    };
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, null);
    this.#dirty = true;
  }

  onRemove(_map: MapLibre.Map, gl: GL): void {
    const b = this.#buffers;
    if (b) for (const x of [b.pos, b.fill, b.line, b.tri, b.edge]) gl.deleteBuffer(x);
    if (this.#program) gl.deleteProgram(this.#program);
    this.#buffers = undefined;
    this.#program = null;
    this.#map = undefined;
    this.#gl = undefined;
  }

  render(gl: GL, options: MapLibre.CustomRenderMethodInput): void {
    const b = this.#buffers;
    const loc = this.#loc;
    if (!b || !loc || !this.#program || this.mesh.triangles.length === 0) return;
    if (this.#dirty) {
      gl.bindBuffer(gl.ARRAY_BUFFER, b.fill);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, this.#fillBytes);
      gl.bindBuffer(gl.ARRAY_BUFFER, b.line);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, this.#lineBytes);
      this.#dirty = false;
    }
    // The world-to-clip matrix times a translation to the mesh origin, composed in float64 so the
    // float32 vertices stay small (no jitter when zoomed in).
    const m = options.defaultProjectionData.mainMatrix as ArrayLike<number>;
    const [ox, oy] = this.mesh.origin;
    const out = this.#matrix;
    for (let k = 0; k < 12; k++) out[k] = m[k] as number;
    for (let row = 0; row < 4; row++)
      out[12 + row] = (m[row] as number) * ox + (m[4 + row] as number) * oy + (m[12 + row] as number);
    gl.useProgram(this.#program);
    gl.uniformMatrix4fv(loc.matrix, false, out);
    gl.uniform1f(loc.ratio, Math.max(1, globalThis.devicePixelRatio || 1));
    const [hr, hg, hb] = this.#hatch;
    gl.uniform4f(loc.hatch, hr / 255, hg / 255, hb / 255, 1);
    gl.disable(gl.DEPTH_TEST);
    gl.disable(gl.STENCIL_TEST);
    gl.disable(gl.CULL_FACE);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindBuffer(gl.ARRAY_BUFFER, b.pos);
    gl.enableVertexAttribArray(loc.pos);
    gl.vertexAttribPointer(loc.pos, 2, gl.FLOAT, false, 0, 0);
    gl.enableVertexAttribArray(loc.color);
    const draw = (colours: WebGLBuffer, indices: WebGLBuffer, mode: number, n: number) => {
      gl.bindBuffer(gl.ARRAY_BUFFER, colours);
      gl.vertexAttribPointer(loc.color, 4, gl.UNSIGNED_BYTE, true, 0, 0);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
      gl.drawElements(mode, n, gl.UNSIGNED_INT, 0);
    };
    draw(b.fill, b.tri, gl.TRIANGLES, this.mesh.triangles.length);
    if (this.mesh.edges.length) draw(b.line, b.edge, gl.LINES, this.mesh.edges.length);
    gl.disableVertexAttribArray(loc.pos);
    gl.disableVertexAttribArray(loc.color);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, null);
  }

  /** The GL context the layer was added to (for tests and diagnostics). */
  get context(): GL | undefined {
    return this.#gl;
  }
}
