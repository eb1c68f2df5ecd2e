import type { FeatureCollection } from 'geojson';
import { CohesionError } from '../errors.js';
import { geometryMeetsExtent } from '../geography/geometry.js';
import { type BBox, isFlatGeobuf, readFlatGeobuf } from './flatgeobuf.js';
import { asFeatureCollection } from './geojson.js';
import { parseJsonText } from './json.js';
import { type DataSource, decodeText, describeSource, isInlineText, readBytes } from './source.js';
import { topologyToFeatures } from './topojson.js';

/** Vector formats Cohesion reads. */
export type VectorFormat = 'geojson' | 'topojson' | 'flatgeobuf';

export interface ReadAreasOptions {
  /** Force a format instead of detecting it from the bytes. */
  format?: VectorFormat;
  /** Keep only features meeting this box (data coordinates); streamed from indexed FlatGeobuf. */
  bbox?: BBox;
  /** TopoJSON object to extract when the topology holds several. */
  object?: string;
}

/**
 * Reads areas (or points, or lines) from GeoJSON, TopoJSON or FlatGeobuf — a path, URL, string
 * or bytes — detecting the format from the content (FlatGeobuf magic bytes, `"type": "Topology"`),
 * and returns a FeatureCollection. An empty collection throws `EMPTY_INPUT`.
 */
export async function readAreas(
  source: DataSource,
  options: ReadAreasOptions = {},
): Promise<FeatureCollection> {
  const name = describeSource(source);
  let fc: FeatureCollection;
  const remote = typeof source === 'string' && !isInlineText(source) && /^https?:\/\//i.test(source);
  if (options.format === 'flatgeobuf' || (remote && /\.fgb(\?|$)/i.test(source as string))) {
    fc = await readFlatGeobuf(source, options.bbox ? { bbox: options.bbox, name } : { name });
  } else {
    const bytes = await readBytes(source);
    if (isFlatGeobuf(bytes)) {
      fc = await readFlatGeobuf(bytes, options.bbox ? { bbox: options.bbox, name } : { name });
    } else {
      const text = decodeText(bytes);
      let obj: unknown;
      // Text that starts like JSON is read as JSON: a cut or broken file says so, naming the file.
      if (/^\s*[{[]/.test(text)) obj = parseJsonText(text, name, 'GeoJSON/TopoJSON');
      else
        try {
          obj = JSON.parse(text);
        } catch (err) {
          throw new CohesionError(
            'UNSUPPORTED_FORMAT',
            // JSON.parse quotes the start of the text; keep only its first line.
            `${name} is neither GeoJSON, TopoJSON nor FlatGeobuf (${(err as Error).message.split('\n')[0]})`,
            { source: name },
          );
        }
      const isTopo = (obj as { type?: unknown } | null)?.type === 'Topology';
      if (options.format === 'geojson' && isTopo) {
        throw new CohesionError('UNSUPPORTED_FORMAT', `${name} is TopoJSON, not GeoJSON`, { source: name });
      }
      fc = isTopo ? topologyToFeatures(obj as never, options.object, name) : asFeatureCollection(obj, name);
      if (options.bbox)
        fc = {
          ...fc,
          features: fc.features.filter((f) => geometryMeetsExtent(f.geometry, options.bbox as BBox)),
        };
    }
  }
  if (fc.features.length === 0 && !options.bbox) {
    throw new CohesionError('EMPTY_INPUT', `${name} holds no features`, { source: name });
  }
  return fc;
}
