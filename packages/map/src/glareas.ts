import type * as MapLibre from 'maplibre-gl';
import { type LineStyle, WideLineRenderer, wideLineGeometry } from './gllines.js';
import {
  compileProgram,
  FRAGMENT_PRECISION,
  type GL,
  glBuffer,
  MeshLayer,
  pixelsPerUnit,
  rgbBytes,
  unbindBuffers,
} from './glutil.js';
import type { AreaMesh } from './mesh.js';
import { median, outlineWidth } from './outlines.js';

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
const FRAGMENT = `${FRAGMENT_PRECISION}uniform float u_ratio;
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

/** Significance outline styles by level (1: 90%, 2: 95%, 3: 99% for Gi*; LISA clusters use 2). */
const SIGNIFICANCE: Record<1 | 2 | 3, LineStyle> = {
  1: { width: 1.5, colour: '#0b0c0c', dash: [3, 2.25] },
  2: { width: 2, colour: '#0b0c0c' },
  3: { width: 3.5, colour: '#0b0c0c' },
};

/** The larger side of area `a`'s bounding box, in mercator units (from its ring vertices). */
function areaSize(mesh: AreaMesh, a: number): number {
  const { ringXY, ringStart, areaRingStart } = mesh;
  const r0 = areaRingStart[a] as number;
  const r1 = areaRingStart[a + 1] as number;
  const v0 = ringStart[r0] as number;
  const v1 = ringStart[r1] as number;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let v = v0; v < v1; v++) {
    const x = ringXY[2 * v] as number;
    const y = ringXY[2 * v + 1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return v1 > v0 ? Math.max(x1 - x0, y1 - y0) : 0;
}

interface Buffers {
  pos: WebGLBuffer;
  fill: WebGLBuffer;
  line: WebGLBuffer;
  tri: WebGLBuffer;
  edge: WebGLBuffer;
}

/**
 * A MapLibre custom layer drawing an {@link AreaMesh}: fills (with the no-data hatch), 1-pixel
 * outlines coloured per area ({@link AreaLayer.setColours}), and wide significance outlines
 * ({@link AreaLayer.setOutlines}).
 */
export class AreaLayer extends MeshLayer {
  #map: MapLibre.Map | undefined;
  #program: WebGLProgram | null = null;
  #buffers: Buffers | undefined;
  #lines: WideLineRenderer | undefined;
  #levels: Uint8Array | undefined;
  #levelsDirty = false;
  #outlines: [ReturnType<WideLineRenderer['upload']>, LineStyle][] = [];
  /** Median size (mercator units, the larger bbox side) of each outline set's areas. */
  #outlineSizes: number[] = [];
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
  #hatch: [number, number, number];

  constructor(id: string, mesh: AreaMesh, hatch = '#6f777b') {
    super(id, mesh);
    const nv = mesh.vertexArea.length;
    this.#fillBytes = new Uint8Array(nv * 4);
    this.#lineBytes = new Uint8Array(nv * 4);
    this.#hatch = rgbBytes(hatch);
  }

  /**
   * Colours of each area: `fills[i]` and `lines[i]` as `#rrggbb`; `noData(i)` true draws area i hatched.
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
    // One 32-bit word per area copied to each of its vertices (same byte order on both sides).
    const fw = new Uint32Array(fa.buffer);
    const lw = new Uint32Array(la.buffer);
    const fv = new Uint32Array(this.#fillBytes.buffer);
    const lv = new Uint32Array(this.#lineBytes.buffer);
    for (let v = 0; v < vertexArea.length; v++) {
      const a = vertexArea[v] as number;
      fv[v] = fw[a] as number;
      lv[v] = lw[a] as number;
    }
    this.#dirty = true;
    this.#map?.triggerRepaint();
  }

  /** Significance outline level of each area (0 none, 1 dashed, 2 medium, 3 thick), or none at all. */
  setOutlines(levels: Uint8Array | undefined): void {
    this.#levels = levels;
    this.#levelsDirty = true;
    this.#map?.triggerRepaint();
  }

  onAdd(map: MapLibre.Map, gl: GL): void {
    this.#map = map;
    const p = compileProgram(gl, VERTEX, FRAGMENT);
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
    const buffer = (target: number, data: ArrayBufferView, usage: number) =>
      glBuffer(gl, target, data, usage);
    this.#buffers = {
      pos: buffer(gl.ARRAY_BUFFER, this.mesh.positions, gl.STATIC_DRAW),
      fill: buffer(gl.ARRAY_BUFFER, this.#fillBytes, gl.DYNAMIC_DRAW),
      line: buffer(gl.ARRAY_BUFFER, this.#lineBytes, gl.DYNAMIC_DRAW),
      tri: buffer(gl.ELEMENT_ARRAY_BUFFER, this.mesh.triangles, gl.STATIC_DRAW),
      edge: buffer(gl.ELEMENT_ARRAY_BUFFER, this.mesh.edges, gl.STATIC_DRAW),
    };
    unbindBuffers(gl);
    this.#lines = new WideLineRenderer(gl);
    this.#dirty = true;
    this.#levelsDirty = true;
  }

  onRemove(_map: MapLibre.Map, gl: GL): void {
    const b = this.#buffers;
    if (b) for (const x of [b.pos, b.fill, b.line, b.tri, b.edge]) gl.deleteBuffer(x);
    if (this.#program) gl.deleteProgram(this.#program);
    for (const [u] of this.#outlines) this.#lines?.release(u);
    this.#lines?.dispose();
    this.#outlines = [];
    this.#lines = undefined;
    this.#buffers = undefined;
    this.#program = null;
    this.#map = undefined;
  }

  render(gl: GL, options: MapLibre.CustomRenderMethodInput): void {
    const b = this.#buffers;
    const loc = this.#loc;
    const map = this.#map;
    if (!b || !loc || !map || !this.#program || this.mesh.triangles.length === 0) return;
    if (this.#dirty) {
      gl.bindBuffer(gl.ARRAY_BUFFER, b.fill);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, this.#fillBytes);
      gl.bindBuffer(gl.ARRAY_BUFFER, b.line);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, this.#lineBytes);
      this.#dirty = false;
    }
    if (this.#levelsDirty && this.#lines) this.#uploadOutlines(this.#lines);
    const { matrix, ratio, pxPerUnit } = this.frame(gl, map, options);
    gl.useProgram(this.#program);
    gl.uniformMatrix4fv(loc.matrix, false, matrix);
    gl.uniform1f(loc.ratio, ratio);
    const [hr, hg, hb] = this.#hatch;
    gl.uniform4f(loc.hatch, hr / 255, hg / 255, hb / 255, 1);
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
    unbindBuffers(gl);
    // Outline widths follow the areas' size on screen (outlines.ts): thin at a region's scale, full
    // width once the areas are large enough to carry it.
    const cssPerUnit = pixelsPerUnit(map, 1);
    const sets = this.#outlines.map(([u, style], k): [typeof u, LineStyle] => [
      u,
      { ...style, width: outlineWidth(style.width, (this.#outlineSizes[k] ?? 0) * cssPerUnit) },
    ]);
    this.#lines?.draw(sets, matrix, pxPerUnit, ratio);
  }

  /** Builds one wide-line set per significance level (thin first, so thick outlines go on top). */
  #uploadOutlines(lines: WideLineRenderer): void {
    for (const [u] of this.#outlines) lines.release(u);
    this.#outlines = [];
    this.#outlineSizes = [];
    const levels = this.#levels;
    if (levels) {
      for (const level of [1, 2, 3] as const) {
        const areas: number[] = [];
        for (let i = 0; i < levels.length; i++) if (levels[i] === level) areas.push(i);
        if (areas.length) {
          this.#outlines.push([lines.upload(wideLineGeometry(this.mesh, areas)), SIGNIFICANCE[level]]);
          this.#outlineSizes.push(median(areas.map((a) => areaSize(this.mesh, a))));
        }
      }
    }
    this.#levelsDirty = false;
  }
}
