export interface SourceInfo {
  publisher: string;
  url: string;
  licence: string;
}
export interface CatalogueFile {
  path: string;
  kind: 'areas' | 'table' | 'lookup' | 'sites' | 'points' | 'incidents';
  description: string;
  source: string;
  id?: string;
  name?: string;
  crs?: 'EPSG:4326' | 'EPSG:27700';
  total?: string;
  by?: string;
  region?: string;
  groups?: string[];
  from?: string;
  to?: string;
  lon?: string;
  lat?: string;
  time?: string;
}
export interface Catalogue {
  sources: Record<string, SourceInfo>;
  datasets: Record<
    string,
    { title: string; council?: { code: string; name: string }; files: Record<string, CatalogueFile> }
  >;
}
export interface ResolvedDataset {
  name: string;
  title: string;
  council: { code: string; name: string } | null;
  dir: string;
  files: Record<string, CatalogueFile & { sourceInfo: SourceInfo | null }>;
}
export declare const catalogue: Catalogue;
export declare const ATTRIBUTION: string;
export declare function datasetNames(): string[];
export declare function dataDir(env?: Record<string, string | undefined>): string;
/** The folder of reference figures (PySAL, spdep, R) read by the conformance tests. */
export declare function referenceDir(): string;
/** The file for a catalogue path in `dir`, gzipped (`.gz`) or not, whichever exists. */
export declare function locate(dir: string, path: string): string;
export declare function resolveDataset(
  name: string,
  options?: { dir?: string; check?: boolean },
): ResolvedDataset;
