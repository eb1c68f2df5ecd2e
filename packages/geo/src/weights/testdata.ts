// Test helpers: read the repository's data/ and data/reference/ (gzipped files inflated).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection } from 'geojson';

export const ROOT = new URL('../../../../', import.meta.url);

/** A file as text; `*.gz` files (how data/ stores large files) are inflated. */
export function readDataText(url: URL): string {
  const bytes = readFileSync(url);
  return (url.pathname.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** A repository file (path from the repository root) as text. */
export function repoText(path: string): string {
  return readDataText(new URL(path, ROOT));
}

// biome-ignore lint/suspicious/noExplicitAny: reference JSON is read loosely in tests
export function repoJson<T = any>(path: string): T {
  return JSON.parse(repoText(path)) as T;
}

export function repoAreas(path: string): FeatureCollection {
  return repoJson<FeatureCollection>(path);
}
