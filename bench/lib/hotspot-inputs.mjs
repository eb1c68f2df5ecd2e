/** Shared setup for the hotspot cases: the parsed BNG areas and their `value` column. */
import { loadGeoJSON } from './inputs.mjs';

/** @param {import('./context.mjs').BenchContext} ctx */
export function areasAndValues(ctx) {
  const fc = loadGeoJSON(ctx.input.geojson);
  const x = Float64Array.from(fc.features, (/** @type {any} */ f) =>
    Number(f.properties[ctx.input.valueProperty]),
  );
  return { fc, x, idProperty: ctx.input.idProperty };
}
