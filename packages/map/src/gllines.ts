import type * as MapLibre from 'maplibre-gl';
import {
  compileProgram,
  FRAGMENT_PRECISION,
  type GL,
  glBuffer,
  MeshLayer,
  rgbBytes,
  unbindBuffers,
} from './glutil.js';
import type { AreaMesh } from './mesh.js';

/**
 * Wide outlines of some areas as screen-space quads: four vertices per ring edge, each carrying both
 * ends of its edge (relative mercator, as the mesh), its corner (x: 0 start / 1 end, y: −1 / +1 side)
 * and the distance along the ring to the edge's start (mercator units, for dashes).
 *
 * Why not MapLibre line layers: a GeoJSON source of the outlined areas sends them to the worker to be
 * cut into tiles and built into line buckets; for hotspots over Greater Manchester (half the 1,702
 * LSOAs outlined) that held the first frame back by ≈ 0.4 s, and a hover outline waited a worker
 * round trip. These quads are built on the main thread in milliseconds and widened in the shader.
 */
export interface WideLineGeometry {
  vertices: Float32Array;
  indices: Uint32Array;
}

const STRIDE = 7;
const CORNERS = [
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 1],
] as const;

/** Quads for every ring edge of the given areas (indices outside the mesh are ignored). */
export function wideLineGeometry(mesh: AreaMesh, areas: Iterable<number>): WideLineGeometry {
  const { areaRingStart, ringStart, ringXY, origin } = mesh;
  const list: number[] = [];
  let edges = 0;
  for (const i of areas) {
    if (!(i >= 0 && i < mesh.count)) continue;
    list.push(i);
    for (let r = areaRingStart[i] as number; r < (areaRingStart[i + 1] as number); r++)
      edges += Math.max(0, (ringStart[r + 1] as number) - (ringStart[r] as number) - 1);
  }
  const vertices = new Float32Array(edges * 4 * STRIDE);
  const indices = new Uint32Array(edges * 6);
  const [ox, oy] = origin;
  let q = 0;
  for (const i of list) {
    for (let r = areaRingStart[i] as number; r < (areaRingStart[i + 1] as number); r++) {
      const s = ringStart[r] as number;
      const t = ringStart[r + 1] as number;
      let dist = 0;
      for (let j = s; j + 1 < t; j++) {
        const ax = (ringXY[2 * j] as number) - ox;
        const ay = (ringXY[2 * j + 1] as number) - oy;
        const bx = (ringXY[2 * j + 2] as number) - ox;
        const by = (ringXY[2 * j + 3] as number) - oy;
        let o = q * 4 * STRIDE;
        for (const [cx, cy] of CORNERS) {
          vertices[o++] = ax;
          vertices[o++] = ay;
          vertices[o++] = bx;
          vertices[o++] = by;
          vertices[o++] = cx;
          vertices[o++] = cy;
          vertices[o++] = dist;
        }
        const v = q * 4;
        indices.set([v, v + 1, v + 2, v + 1, v + 3, v + 2], q * 6);
        dist += Math.hypot(bx - ax, by - ay);
        q++;
      }
    }
  }
  return { vertices, indices };
}

// Each edge is widened in pixels around its two projected ends, extended by half the width at both
// ends (square caps, which also fill the joins), with one extra pixel for a smooth edge.
const VERTEX = `
uniform mat4 u_matrix;
uniform vec2 u_half;
uniform float u_width;
uniform float u_scale;
attribute vec2 a_a;
attribute vec2 a_b;
attribute vec2 a_corner;
attribute float a_dist;
varying float v_dist;
varying float v_across;
void main() {
  vec4 pa = u_matrix * vec4(a_a, 0.0, 1.0);
  vec4 pb = u_matrix * vec4(a_b, 0.0, 1.0);
  vec2 sa = pa.xy / pa.w * u_half;
  vec2 sb = pb.xy / pb.w * u_half;
  vec2 d = sb - sa;
  float len = length(d);
  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x);
  float h = u_width * 0.5 + 0.5;
  float along = a_corner.x * 2.0 - 1.0;
  vec2 p = mix(sa, sb, a_corner.x) + n * (a_corner.y * h) + dir * (along * (u_width * 0.5));
  v_dist = a_dist * u_scale + a_corner.x * len + along * u_width * 0.5;
  v_across = a_corner.y * h;
  gl_Position = vec4(p / u_half, 0.0, 1.0);
}`;

const FRAGMENT = `${FRAGMENT_PRECISION}uniform vec4 u_color;
uniform vec2 u_dash;
uniform float u_width;
varying float v_dist;
varying float v_across;
void main() {
  if (u_dash.x > 0.0 && mod(v_dist, u_dash.x + u_dash.y) > u_dash.x) discard;
  float a = clamp(u_width * 0.5 + 0.5 - abs(v_across), 0.0, 1.0);
  gl_FragColor = u_color * a;
}`;

/** How one set of wide lines is drawn: width and dashes in CSS pixels, colour `#rrggbb`. */
export interface LineStyle {
  width: number;
  colour: string;
  /** Dash and gap lengths in CSS pixels; none for a solid line. */
  dash?: [number, number];
}

interface Uploaded {
  vbo: WebGLBuffer;
  ibo: WebGLBuffer;
  count: number;
}

/** Draws {@link WideLineGeometry} sets in one GL context. */
export class WideLineRenderer {
  readonly #gl: GL;
  readonly #program: WebGLProgram;
  readonly #attr: { a: number; b: number; corner: number; dist: number };
  readonly #uni: Record<
    'matrix' | 'half' | 'width' | 'scale' | 'color' | 'dash',
    WebGLUniformLocation | null
  >;

  constructor(gl: GL) {
    this.#gl = gl;
    const p = compileProgram(gl, VERTEX, FRAGMENT);
    this.#program = p;
    this.#attr = {
      a: gl.getAttribLocation(p, 'a_a'),
      b: gl.getAttribLocation(p, 'a_b'),
      corner: gl.getAttribLocation(p, 'a_corner'),
      dist: gl.getAttribLocation(p, 'a_dist'),
    };
    const u = (n: string) => gl.getUniformLocation(p, n);
    this.#uni = {
      matrix: u('u_matrix'),
      half: u('u_half'),
      width: u('u_width'),
      scale: u('u_scale'),
      color: u('u_color'),
      dash: u('u_dash'),
    };
  }

  upload(g: WideLineGeometry): Uploaded | undefined {
    if (g.indices.length === 0) return undefined;
    const gl = this.#gl;
    const vbo = glBuffer(gl, gl.ARRAY_BUFFER, g.vertices, gl.STATIC_DRAW);
    const ibo = glBuffer(gl, gl.ELEMENT_ARRAY_BUFFER, g.indices, gl.STATIC_DRAW);
    unbindBuffers(gl);
    return { vbo, ibo, count: g.indices.length };
  }

  release(u: Uploaded | undefined): void {
    if (!u) return;
    this.#gl.deleteBuffer(u.vbo);
    this.#gl.deleteBuffer(u.ibo);
  }

  /**
   * Draws uploaded sets, each with its style. `matrix` maps the mesh's relative mercator units to clip
   * space; `pxPerUnit` is device pixels per mercator unit (for dashes); `ratio` the device pixel ratio.
   */
  draw(
    sets: [Uploaded | undefined, LineStyle][],
    matrix: Float32Array,
    pxPerUnit: number,
    ratio: number,
  ): void {
    const gl = this.#gl;
    if (!sets.some(([u]) => u)) return;
    const a = this.#attr;
    const u = this.#uni;
    gl.useProgram(this.#program);
    gl.uniformMatrix4fv(u.matrix, false, matrix);
    gl.uniform2f(u.half, gl.drawingBufferWidth / 2, gl.drawingBufferHeight / 2);
    gl.uniform1f(u.scale, pxPerUnit);
    for (const k of [a.a, a.b, a.corner, a.dist]) gl.enableVertexAttribArray(k);
    const bytes = STRIDE * 4;
    for (const [set, style] of sets) {
      if (!set) continue;
      const [r, g, b] = rgbBytes(style.colour);
      gl.uniform4f(u.color, r / 255, g / 255, b / 255, 1);
      gl.uniform1f(u.width, style.width * ratio);
      gl.uniform2f(u.dash, (style.dash?.[0] ?? 0) * ratio, (style.dash?.[1] ?? 0) * ratio);
      gl.bindBuffer(gl.ARRAY_BUFFER, set.vbo);
      gl.vertexAttribPointer(a.a, 2, gl.FLOAT, false, bytes, 0);
      gl.vertexAttribPointer(a.b, 2, gl.FLOAT, false, bytes, 8);
      gl.vertexAttribPointer(a.corner, 2, gl.FLOAT, false, bytes, 16);
      gl.vertexAttribPointer(a.dist, 1, gl.FLOAT, false, bytes, 24);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, set.ibo);
      gl.drawElements(gl.TRIANGLES, set.count, gl.UNSIGNED_INT, 0);
    }
    for (const k of [a.a, a.b, a.corner, a.dist]) gl.disableVertexAttribArray(k);
    unbindBuffers(gl);
  }

  dispose(): void {
    this.#gl.deleteProgram(this.#program);
  }
}

/**
 * A MapLibre custom layer, on top of every other, drawing the hover outline (2.5 px, near-black) and
 * the focused / selected areas (7 px near-black halo under 3.5 px yellow: GOV.UK's focus style).
 */
export class HighlightLayer extends MeshLayer {
  #map: MapLibre.Map | undefined;
  #lines: WideLineRenderer | undefined;
  #hover: Uploaded | undefined;
  #marks: Uploaded | undefined;
  #want: { hover: number; marks: number[] } = { hover: -1, marks: [] };
  #dirty = false;

  /** Outlines these areas from the next frame (−1 and repeated indices are ignored). */
  setHighlight(hover: number, marks: number[]): void {
    const m = [...new Set(marks.filter((i) => i >= 0))];
    const same =
      hover === this.#want.hover &&
      m.length === this.#want.marks.length &&
      m.every((x, k) => x === this.#want.marks[k]);
    if (same) return;
    this.#want = { hover, marks: m };
    this.#dirty = true;
    this.#map?.triggerRepaint();
  }

  onAdd(map: MapLibre.Map, gl: GL): void {
    this.#map = map;
    this.#lines = new WideLineRenderer(gl);
    this.#dirty = true;
  }

  onRemove(): void {
    this.#lines?.release(this.#hover);
    this.#lines?.release(this.#marks);
    this.#lines?.dispose();
    this.#lines = this.#hover = this.#marks = undefined;
    this.#map = undefined;
  }

  render(gl: GL, options: MapLibre.CustomRenderMethodInput): void {
    const lines = this.#lines;
    const map = this.#map;
    if (!lines || !map) return;
    if (this.#dirty) {
      lines.release(this.#hover);
      lines.release(this.#marks);
      this.#hover = lines.upload(wideLineGeometry(this.mesh, [this.#want.hover]));
      this.#marks = lines.upload(wideLineGeometry(this.mesh, this.#want.marks));
      this.#dirty = false;
    }
    if (!this.#hover && !this.#marks) return;
    const f = this.frame(gl, map, options);
    lines.draw(
      [
        [this.#hover, { width: 2.5, colour: '#0b0c0c' }],
        [this.#marks, { width: 7, colour: '#0b0c0c' }],
        [this.#marks, { width: 3.5, colour: '#ffdd00' }],
      ],
      f.matrix,
      f.pxPerUnit,
      f.ratio,
    );
  }
}
