import type * as MapLibre from 'maplibre-gl';
import type { AreaMesh } from './mesh.js';

/** The GL contexts MapLibre may hand a custom layer. */
export type GL = WebGLRenderingContext | WebGL2RenderingContext;

/** Fragment shader prelude: high precision where the GPU has it (pixel coordinates, dash lengths). */
export const FRAGMENT_PRECISION = `
#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif
`;

/** `#rrggbb` (or `#rgb`) as bytes for colour buffers and uniforms; anything else is mid grey. */
export { parseHex as rgbBytes } from './palettes.js';

/**
 * MapLibre's world-to-clip matrix times a translation to a mesh's origin, composed in float64 so the
 * float32 vertices, stored relative to the origin, stay small (no jitter when zoomed in).
 */
export function meshMatrix(
  m: ArrayLike<number>,
  origin: readonly [number, number],
  out: Float32Array,
): Float32Array {
  const [ox, oy] = origin;
  for (let k = 0; k < 12; k++) out[k] = m[k] as number;
  for (let row = 0; row < 4; row++)
    out[12 + row] = (m[row] as number) * ox + (m[4 + row] as number) * oy + (m[12 + row] as number);
  return out;
}

/** Compiles a shader program, throwing with the driver's log on failure. */
export function compileProgram(gl: GL, vertex: string, fragment: string): WebGLProgram {
  const shader = (type: number, src: string) => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS))
      throw new Error(`cohesion-map shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram() as WebGLProgram;
  gl.attachShader(p, shader(gl.VERTEX_SHADER, vertex));
  gl.attachShader(p, shader(gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS))
    throw new Error(`cohesion-map program: ${gl.getProgramInfoLog(p)}`);
  return p;
}

/** GL state for the element's 2D layers: no depth, stencil or culling; premultiplied blending. */
export function prepareState(gl: GL): void {
  gl.disable(gl.DEPTH_TEST);
  gl.disable(gl.STENCIL_TEST);
  gl.disable(gl.CULL_FACE);
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
}

/** Device pixels per mercator unit at the map's zoom (MapLibre's world is 512 px at zoom 0). */
export function pixelsPerUnit(map: MapLibre.Map, ratio: number): number {
  return 512 * 2 ** map.getZoom() * ratio;
}

/** The device pixel ratio the map draws at (its canvas's pixels per CSS pixel). */
export function pixelRatio(map: MapLibre.Map): number {
  const c = map.getCanvas();
  const css = c.clientWidth;
  return css > 0 ? c.width / css : Math.max(1, globalThis.devicePixelRatio || 1);
}

/** A new buffer bound to `target` and filled with `data`. */
export function glBuffer(gl: GL, target: number, data: ArrayBufferView, usage: number): WebGLBuffer {
  const b = gl.createBuffer() as WebGLBuffer;
  gl.bindBuffer(target, b);
  gl.bufferData(target, data, usage);
  return b;
}

/** Leaves no vertex or index buffer bound (MapLibre's own draws expect none of ours). */
export function unbindBuffers(gl: GL): void {
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, null);
}

/** What a frame of a mesh layer is drawn with: GL state set, the mesh's matrix and pixel scales. */
export interface MeshFrame {
  /** Mesh units (relative to its origin) to clip space. */
  matrix: Float32Array;
  /** Device pixel ratio, and device pixels per mercator unit. */
  ratio: number;
  pxPerUnit: number;
}

/**
 * A MapLibre custom layer drawing an {@link AreaMesh} in 2D. {@link frame} prepares each frame's
 * GL state and matrix (see {@link meshMatrix}).
 */
export abstract class MeshLayer implements MapLibre.CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  readonly mesh: AreaMesh;
  readonly #matrix = new Float32Array(16);

  constructor(id: string, mesh: AreaMesh) {
    this.id = id;
    this.mesh = mesh;
  }

  abstract render(gl: GL, options: MapLibre.CustomRenderMethodInput): void;

  protected frame(gl: GL, map: MapLibre.Map, options: MapLibre.CustomRenderMethodInput): MeshFrame {
    prepareState(gl);
    const ratio = pixelRatio(map);
    const m = options.defaultProjectionData.mainMatrix as ArrayLike<number>;
    return {
      matrix: meshMatrix(m, this.mesh.origin, this.#matrix),
      ratio,
      pxPerUnit: pixelsPerUnit(map, ratio),
    };
  }
}
