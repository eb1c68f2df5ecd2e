import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import { CohesionError } from '../errors.js';
import { parseJsonText } from './json.js';
import { type DataSource, describeSource, readText } from './source.js';
import { feature } from './topojson-client.vendor.js';

/**
 * Converts a parsed TopoJSON topology to a FeatureCollection with topojson-client. `object` names
 * the object to extract; when omitted the topology must hold exactly one object.
 */
export function topologyToFeatures(
  topology: Topology,
  object?: string,
  source = '<topology>',
): FeatureCollection {
  const names = Object.keys(topology.objects ?? {});
  const name = object ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `${source}: TopoJSON has ${names.length} objects (${names.join(', ')}); say which one to read`,
      { source, value: names },
    );
  }
  const obj = topology.objects[name];
  if (!obj) {
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `${source}: TopoJSON has no object "${name}" (has ${names.join(', ')})`,
      {
        source,
        value: name,
      },
    );
  }
  const out = feature(topology, obj) as FeatureCollection | FeatureCollection['features'][number];
  return out.type === 'FeatureCollection' ? out : { type: 'FeatureCollection', features: [out] };
}

/** Reads a TopoJSON file, URL, string or bytes into a FeatureCollection. */
export async function readTopoJSON(
  source: DataSource,
  options: { object?: string } = {},
): Promise<FeatureCollection> {
  const name = describeSource(source);
  const topology = parseJsonText(await readText(source), name, 'TopoJSON') as Topology;
  if (
    typeof topology !== 'object' ||
    topology === null ||
    (topology as { type?: unknown }).type !== 'Topology'
  ) {
    throw new CohesionError('PARSE_ERROR', `${name} is not a TopoJSON Topology`, { source: name });
  }
  return topologyToFeatures(topology, options.object, name);
}
