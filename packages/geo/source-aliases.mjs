// Where each import path of @cohesion/geo lives in its TypeScript source, for the builds and tests
// that compile geo from source rather than dist (the map's script-tag build, the report's IIFE,
// vitest): one list, the same as package.json's "exports", so every consumer resolves a subpath to
// the module a published install would load (`/segregation` is the aspatial module, not the folder's
// index with the spatial indices).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('./src/', import.meta.url));

/** Source file of each import path, relative to packages/geo/src. */
export const GEO_SOURCE_FILES = {
  '@cohesion/geo': 'index.ts',
  '@cohesion/geo/errors': 'errors.ts',
  '@cohesion/geo/segregation': 'segregation/aspatial.ts',
  '@cohesion/geo/segregation/spatial': 'segregation/spatial/index.ts',
  ...Object.fromEntries(
    [
      'access',
      'alerts',
      'classify',
      'geography',
      'hotspots',
      'io',
      'stats',
      'survey',
      'tables',
      'weights',
    ].map((s) => [`@cohesion/geo/${s}`, `${s}/index.ts`]),
  ),
};

/** esbuild `alias` option: every import path to its absolute source file. */
export function geoSourceAliases() {
  return Object.fromEntries(Object.entries(GEO_SOURCE_FILES).map(([k, f]) => [k, join(SRC, f)]));
}
