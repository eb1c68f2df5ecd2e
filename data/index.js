// Dataset catalogue: resolves named datasets to files in the data directory (Node and Deno).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** @type {import('./index.d.ts').Catalogue} */
export const catalogue = JSON.parse(await readFile(join(here, 'catalogue.json'), 'utf8'));

/** Names of every dataset in the catalogue. */
export function datasetNames() {
  return Object.keys(catalogue.datasets);
}

/**
 * The data directory: `COHESION_DATA_DIR` if set, else this folder (the repository's `data/`,
 * which holds every file the catalogue names, large ones gzipped).
 */
export function dataDir(env = globalThis.process?.env ?? {}) {
  return env.COHESION_DATA_DIR ? resolve(env.COHESION_DATA_DIR) : here;
}

/** The folder of reference figures (PySAL, spdep, R) that the conformance tests read. */
export function referenceDir() {
  return join(here, 'reference');
}

/**
 * The file for a catalogue path in `dir`: the path itself, or the same file gzipped (`x.csv.gz`)
 * or not (`x.csv`) — so a folder of official downloads works as well as this repository's copy.
 * Returns the path as catalogued when neither exists.
 */
export function locate(dir, path) {
  const full = isAbsolute(path) ? path : join(dir, path);
  if (existsSync(full)) return full;
  const other = full.endsWith('.gz') ? full.slice(0, -3) : `${full}.gz`;
  return existsSync(other) ? other : full;
}

class DatasetError extends Error {
  constructor(code, message, detail = {}) {
    super(message);
    this.name = 'CohesionError';
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Resolves a named dataset to absolute file paths. Unknown names throw `UNKNOWN_DATASET` listing
 * the known ones; missing files throw `READ_FAILED` naming the file, the directory searched and
 * where the official data can be downloaded.
 * @param {string} name
 * @param {{ dir?: string, check?: boolean }} [options]
 */
export function resolveDataset(name, options = {}) {
  const entry = catalogue.datasets[name];
  if (!entry) {
    throw new DatasetError(
      'UNKNOWN_DATASET',
      `unknown dataset "${name}" (known: ${datasetNames().join(', ')})`,
      {
        value: name,
      },
    );
  }
  const dir = options.dir ? resolve(options.dir) : dataDir();
  const files = {};
  for (const [key, f] of Object.entries(entry.files)) {
    const path = locate(dir, f.path);
    if (options.check !== false && !existsSync(path)) {
      const src = catalogue.sources[f.source];
      throw new DatasetError(
        'READ_FAILED',
        `dataset "${name}" needs ${f.path}, not found in ${dir}; set COHESION_DATA_DIR to a folder holding it` +
          (src ? ` (official source: ${src.publisher}, ${src.url})` : ''),
        { source: path, id: key },
      );
    }
    files[key] = { ...f, path, sourceInfo: catalogue.sources[f.source] ?? null };
  }
  return { name, title: entry.title, council: entry.council ?? null, dir, files };
}

/** Attribution text to show wherever these data are displayed. */
export const ATTRIBUTION =
  'Contains National Statistics data © Crown copyright and database right; Contains OS data © Crown copyright and database right; ' +
  'Contains public sector information licensed under the Open Government Licence v3.0.';
