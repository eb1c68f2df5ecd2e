// Test helpers: paths into the shared read-only reference data (never copied into the repo).
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';

export const SHARED = new URL('../../../../../shared/', import.meta.url);

export function sharedText(path: string): string {
  return readFileSync(new URL(path, SHARED), 'utf8');
}

// biome-ignore lint/suspicious/noExplicitAny: reference JSON is read loosely in tests
export function sharedJson<T = any>(path: string): T {
  return JSON.parse(sharedText(path)) as T;
}

export function sharedAreas(path: string): FeatureCollection {
  return sharedJson<FeatureCollection>(path);
}
