import { coordinateExtent, detectCrs, readAreas } from '@cohesion/geo';
import { command } from '../command.js';
import { UsageError } from '../flags.js';
import { emit } from '../output.js';

export const summary =
  'info FILE [--json]: features, CRS, bounding box, geometry types and properties of a vector file';

const HELP = `Usage: cohesion info FILE [--json] [--layer NAME]

Describes a GeoJSON, TopoJSON or FlatGeobuf file: feature count, CRS (EPSG:27700 or EPSG:4326,
from the declared crs member or the coordinate ranges), bounding box, geometry types and the
property names.`;

/** `cohesion info FILE --json` → {features, crs, bbox, geometryTypes, properties}. */
export const run = command(
  { help: HELP, flags: { layer: { type: 'string' } }, positionals: true },
  async (values, { positionals }) => {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing FILE: cohesion info FILE --json');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const fc = await readAreas(file, values.layer ? { object: values.layer } : {});
    const geometryTypes = [...new Set(fc.features.map((f) => f.geometry?.type ?? 'null'))].sort();
    const properties: string[] = [];
    const seen = new Set<string>();
    for (const f of fc.features) {
      for (const k of Object.keys(f.properties ?? {})) {
        if (!seen.has(k)) {
          seen.add(k);
          properties.push(k);
        }
      }
    }
    const info = {
      features: fc.features.length,
      crs: detectCrs(fc),
      bbox: coordinateExtent(fc) ?? null,
      geometryTypes,
      properties,
    };
    return emit(values, {
      json: info,
      text:
        `${file}\n  features: ${info.features}\n  crs: ${info.crs}\n  bbox: ${info.bbox?.join(', ')}\n` +
        `  geometry types: ${geometryTypes.join(', ')}\n  properties: ${properties.join(', ')}\n`,
    });
  },
);
