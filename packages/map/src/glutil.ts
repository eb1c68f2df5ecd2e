import type * as MapLibre from 'maplibre-gl';

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
