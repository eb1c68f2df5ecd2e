/**
 * Benchmark inputs, prepared once into bench/.data/ (gitignored) so that ours and every peer read
 * exactly the same coordinates:
 * - real areas (Trafford and Greater Manchester LSOA boundaries, ONS, generalised), reprojected to
 *   British National Grid with `toBng` and joined to their Census 2011 ethnicity counts;
 * - generated national-scale tessellations: the Voronoi diagram (d3-delaunay) of 35,000 / 190,000
 *   seeded uniform points in a GB-sized BNG box, clipped to the box (England LSOA and OA scale).
 * Each input is written as BNG GeoJSON (with a `crs` member naming EPSG:27700; read by R `sf` and by
 * the Python peers) and FlatGeobuf (EPSG:27700; read by ours and `sf`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRandom, toBng } from '@cohesion/geo';
import { Delaunay } from 'd3-delaunay';
import { serialize as fgbSerialize } from 'flatgeobuf/lib/mjs/geojson.js';

/** Bump when the generated files change, so stale caches are rebuilt. */
const INPUT_VERSION = 6;

export const ROOT = new URL('../../', import.meta.url);
export const DATA_DIR = new URL('../.data/', import.meta.url);
/**
 * A repository data file as a plain path: gzipped files (`*.gz`, how `data/` stores large files)
 * are inflated once into bench/.data/ so that every peer (R, Python) reads the same plain file.
 * @param {string} p path relative to the repository root
 */
export function repoPath(p) {
  const src = new URL(p, ROOT).pathname;
  if (!src.endsWith('.gz')) return src;
  const out = new URL(basename(src, '.gz'), DATA_DIR).pathname;
  if (!existsSync(out)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(out, gunzipSync(readFileSync(src)));
  }
  return out;
}

/** GB-sized box in BNG metres: 700 km × 1,250 km, inside the extent `@cohesion/geo` accepts as GB. */
export const GB_BOX = /** @type {const} */ ([0, 0, 700_000, 1_250_000]);

/**
 * @typedef {object} InputSpec
 * @property {string} id
 * @property {string} label short label used in tables
 * @property {'real' | 'voronoi' | 'table' | 'fixed' | 'addresses'} kind \`fixed\`: read by the case itself, n given
 * @property {string} source one-line provenance
 * @property {string} [boundaries] repository path of the WGS84 boundaries (real inputs)
 * @property {string} [census] repository path of the Census 2011 table joined for `value` (real inputs)
 * @property {number} [points] number of generator points (voronoi inputs)
 * @property {number} [seed]
 * @property {number} [n] number of areas (fixed inputs)
 */

/** @type {Record<string, InputSpec>} */
export const INPUTS = {
  'trafford-lsoa11': {
    id: 'trafford-lsoa11',
    label: 'Trafford LSOA 2011',
    kind: 'real',
    source: 'ONS LSOA 2011 generalised boundaries for Trafford + Census 2011 ethnicity (MLID)',
    boundaries: 'data/trafford/lsoa11_boundaries_generalised.geojson',
    census: 'data/trafford/ethnicity_2011_lsoa_MLID.csv',
  },
  'gm-lsoa11': {
    id: 'gm-lsoa11',
    label: 'Greater Manchester LSOA 2011',
    kind: 'real',
    source: 'ONS LSOA 2011 generalised boundaries for the 10 GM councils + Census 2011 ethnicity (MLID)',
    boundaries: 'data/greater-manchester/boundaries/gm_lsoa11_generalised.geojson.gz',
    census: 'data/greater-manchester/census/gm_ethnicity_2011_lsoa_MLID.csv',
  },
  'ew-lsoa11': {
    id: 'ew-lsoa11',
    label: 'England & Wales LSOA 2011 table',
    kind: 'table',
    source:
      'Census 2011 ethnic group (MLID) for all 34,753 LSOAs in England and Wales, 348 councils (LAD11NM)',
    census: 'data/england-wales/ethnicity_2011_lsoa.csv.gz',
  },
  'trafford-lsoa21': {
    id: 'trafford-lsoa21',
    label: 'Trafford LSOA 2021 (19 groups)',
    kind: 'fixed',
    n: 139,
    source:
      'ONS LSOA 2021 generalised boundaries for Trafford + Census 2021 TS021 ethnic group, 19 groups (wide CSV)',
    boundaries: 'data/trafford/lsoa21_boundaries_generalised.geojson',
    census: 'data/trafford/ethnicity_2021_lsoa_wide.csv',
  },
  'gm-lsoa21': {
    id: 'gm-lsoa21',
    label: 'Greater Manchester LSOA 2021',
    kind: 'fixed',
    n: 1702,
    source:
      'ONS LSOA 2021 generalised boundaries for the 10 GM councils (WGS84 GeoJSON, read by the map bench itself)',
    boundaries: 'data/greater-manchester/boundaries/gm_lsoa21_generalised.geojson.gz',
  },
  'addresses-1m': {
    id: 'addresses-1m',
    label: '1M addresses (generated)',
    kind: 'addresses',
    n: 1_000_000,
    source:
      '1,000,000 seeded clustered address points (3,000 Zipf-sized towns + 10 % rural) in the GB box, CSV',
  },
  'addresses-30m': {
    id: 'addresses-30m',
    label: '30M addresses (GB scale, generated)',
    kind: 'addresses',
    n: 30_000_000,
    source:
      '30,000,000 seeded clustered address points (3,000 Zipf-sized towns + 10 % rural) in the GB box, CSV (~0.5 GB)',
  },
  'voronoi-35k': {
    id: 'voronoi-35k',
    label: 'Voronoi 35k (England LSOA scale)',
    kind: 'voronoi',
    source: 'Voronoi diagram of 35,000 seeded uniform points in a 700 × 1,250 km BNG box (seed 35)',
    points: 35_000,
    seed: 35,
  },
  'voronoi-190k': {
    id: 'voronoi-190k',
    label: 'Voronoi 190k (OA scale)',
    kind: 'voronoi',
    source: 'Voronoi diagram of 190,000 seeded uniform points in a 700 × 1,250 km BNG box (seed 190)',
    points: 190_000,
    seed: 190,
  },
};

/**
 * Paths and facts of a prepared input.
 * @typedef {object} PreparedInput
 * @property {string} id
 * @property {string} label
 * @property {number} n number of areas
 * @property {string} source
 * @property {string} geojson BNG GeoJSON path (not for table inputs)
 * @property {string} fgb FlatGeobuf path (not for table inputs)
 * @property {string} idProperty
 * @property {string} valueProperty numeric property used by the statistics cases
 * @property {string} [boundaries] original WGS84 boundaries (real inputs)
 * @property {string} [census] original census CSV (real inputs)
 * @property {string} table CSV of counts to join by code: the real Census 2011 table (real inputs) or
 *   a generated `area_code,Persons,GroupA` table (voronoi inputs)
 * @property {string} tableId code column of `table`
 * @property {string} totalColumn population column of `table`
 */

/** @param {string} id */
function metaPath(id) {
  return new URL(`${id}.json`, DATA_DIR).pathname;
}

/**
 * Minimal CSV reader for the clean, unquoted Census tables used to build inputs (the io layer is
 * what the read + join case measures; this only prepares files).
 * @param {string} text
 */
export function parseSimpleCsv(text) {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const columns = lines[0].split(',');
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    /** @type {Record<string, string>} */
    const row = {};
    columns.forEach((c, k) => {
      row[c] = cells[k] ?? '';
    });
    return row;
  });
  return { columns, rows };
}

/** Signed area of a ring (shoelace); > 0 when counter-clockwise with y up. */
function signedArea(/** @type {number[][]} */ ring) {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

/**
 * Voronoi tessellation of `count` seeded uniform points in `box`, clipped to the box. Coordinates
 * are rounded to the millimetre so that vertices shared by neighbouring cells are bit-identical.
 * `value` is a smooth field plus seeded noise (spatially autocorrelated, like real rates);
 * `population` a seeded count.
 * @param {number} count
 * @param {number} seed
 * @param {readonly number[]} [box]
 */
export function voronoiAreas(count, seed, box = GB_BOX) {
  const rng = createRandom(seed);
  const [x0, y0, x1, y1] = box;
  const coords = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    coords[2 * i] = x0 + rng.next() * (x1 - x0);
    coords[2 * i + 1] = y0 + rng.next() * (y1 - y0);
  }
  const voronoi = new Delaunay(coords).voronoi([x0, y0, x1, y1]);
  const round = (/** @type {number} */ v) => Math.round(v * 1000) / 1000;
  const width = String(count).length;
  const features = [];
  for (let i = 0; i < count; i++) {
    const cell = voronoi.cellPolygon(i);
    if (!cell) throw new Error(`Voronoi cell ${i} is empty (coincident generator points)`);
    /** @type {number[][]} */
    const ring = [];
    for (const [x, y] of cell) {
      const p = [round(x), round(y)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
    }
    if (signedArea(ring) < 0) ring.reverse();
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    const field = Math.sin(x / 60_000) * Math.cos(y / 45_000) + 0.5 * Math.sin((x + y) / 150_000);
    features.push({
      type: 'Feature',
      properties: {
        area_code: `V${String(i).padStart(width, '0')}`,
        value: Math.round((field + 0.6 * (rng.next() - 0.5)) * 1e6) / 1e6,
        population: 1000 + rng.int(1000),
      },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
    features,
  };
}

/**
 * Real LSOA boundaries in BNG with the census counts joined and `value` = share of residents who
 * are not White British (a real, spatially clustered rate).
 * @param {InputSpec} spec
 */
function realAreas(spec) {
  const fc = JSON.parse(readFileSync(repoPath(/** @type {string} */ (spec.boundaries)), 'utf8'));
  const table = parseSimpleCsv(readFileSync(repoPath(/** @type {string} */ (spec.census)), 'utf8'));
  const byCode = new Map(table.rows.map((r) => [r.LSOA11CD, r]));
  const bng = toBng(fc);
  for (const f of bng.features) {
    const row = byCode.get(f.properties.area_code);
    if (!row) throw new Error(`${spec.id}: no census row for ${f.properties.area_code}`);
    const persons = Number(row.Persons);
    const white = Number(row.WhiteBrit);
    f.properties = {
      area_code: f.properties.area_code,
      area_name: f.properties.area_name,
      value: (persons - white) / persons,
      population: persons,
    };
  }
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
    features: bng.features,
  };
}

/**
 * Builds (once) and returns the files of an input.
 * @param {string} id
 * @param {{log?: (msg: string) => void}} [opts]
 * @returns {PreparedInput}
 */
export function prepareInput(id, { log = () => {} } = {}) {
  const spec = INPUTS[id];
  if (!spec) throw new Error(`unknown bench input "${id}" (known: ${Object.keys(INPUTS).join(', ')})`);
  const meta = metaPath(id);
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    if (
      m.version === INPUT_VERSION &&
      (spec.kind === 'table' || (existsSync(m.geojson) && existsSync(m.fgb)))
    )
      return m;
  }
  if (spec.kind === 'addresses') {
    // Generated lazily by the access case itself (bench/lib/addresses.mjs); the CSV path is known.
    return /** @type {any} */ ({
      id,
      label: spec.label,
      n: spec.n,
      source: spec.source,
      table: new URL(`addresses-${spec.n}-v1.csv`, DATA_DIR).pathname,
    });
  }
  if (spec.kind === 'fixed') {
    return /** @type {any} */ ({
      id,
      label: spec.label,
      n: spec.n,
      source: spec.source,
      boundaries: repoPath(/** @type {string} */ (spec.boundaries)),
      ...(spec.census ? { table: repoPath(spec.census) } : {}),
    });
  }
  if (spec.kind === 'table') {
    const table = repoPath(/** @type {string} */ (spec.census));
    const rows = readFileSync(table, 'utf8').trim().split('\n').length - 1;
    const prepared = {
      version: INPUT_VERSION,
      id,
      label: spec.label,
      n: rows,
      source: spec.source,
      table,
      tableId: 'LSOA11CD',
      totalColumn: 'Persons',
    };
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(meta, JSON.stringify(prepared, null, 2));
    return /** @type {any} */ (prepared);
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const t0 = performance.now();
  const fc =
    spec.kind === 'voronoi'
      ? voronoiAreas(/** @type {number} */ (spec.points), /** @type {number} */ (spec.seed))
      : realAreas(spec);
  const geojson = new URL(`${id}.geojson`, DATA_DIR).pathname;
  const fgb = new URL(`${id}.fgb`, DATA_DIR).pathname;
  writeFileSync(geojson, JSON.stringify(fc));
  writeFileSync(fgb, fgbSerialize(/** @type {any} */ (fc), 27700));
  let table = spec.census ? repoPath(spec.census) : new URL(`${id}.csv`, DATA_DIR).pathname;
  let tableId = 'LSOA11CD';
  if (spec.kind === 'voronoi') {
    tableId = 'area_code';
    const lines = ['area_code,Persons,GroupA'];
    for (const f of fc.features) {
      const { area_code, population, value } = f.properties;
      lines.push(`${area_code},${population},${Math.round(population / (1 + Math.exp(-2 * value)))}`);
    }
    table = new URL(`${id}.csv`, DATA_DIR).pathname;
    writeFileSync(table, `${lines.join('\n')}\n`);
  }
  /** @type {PreparedInput & {version: number}} */
  const prepared = {
    version: INPUT_VERSION,
    id,
    label: spec.label,
    n: fc.features.length,
    source: spec.source,
    geojson,
    fgb,
    idProperty: 'area_code',
    valueProperty: 'value',
    table,
    tableId,
    totalColumn: 'Persons',
    ...(spec.boundaries ? { boundaries: repoPath(spec.boundaries) } : {}),
    ...(spec.census ? { census: repoPath(spec.census) } : {}),
  };
  writeFileSync(meta, JSON.stringify(prepared, null, 2));
  log(`prepared input ${id}: ${prepared.n} areas in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return prepared;
}

/** @param {string} path */
export function loadGeoJSON(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Generated green-space sites for the access case: `count` regular octagons at seeded uniform
 * centres in the GB box, areas log-uniform between 0.2 ha and 800 ha (many small parks, a few
 * large country parks), as BNG GeoJSON (`site_id`, `site_type`). Cached in bench/.data/.
 * @param {number} [count]
 * @param {number} [seed]
 */
export function prepareSites(count = 30_000, seed = 30) {
  const path = new URL(`sites-${count}-v${INPUT_VERSION}.geojson`, DATA_DIR).pathname;
  if (existsSync(path)) return { path, n: count };
  mkdirSync(DATA_DIR, { recursive: true });
  const rng = createRandom(seed);
  // Centres 2 km inside the box so that the largest site (r ≈ 1.7 km) stays inside it.
  const [x0, y0, x1, y1] = [GB_BOX[0] + 2000, GB_BOX[1] + 2000, GB_BOX[2] - 2000, GB_BOX[3] - 2000];
  const lo = Math.log(0.2);
  const hi = Math.log(800);
  const round = (/** @type {number} */ v) => Math.round(v * 1000) / 1000;
  const features = [];
  for (let s = 0; s < count; s++) {
    const cx = x0 + rng.next() * (x1 - x0);
    const cy = y0 + rng.next() * (y1 - y0);
    const areaM2 = Math.exp(lo + rng.next() * (hi - lo)) * 1e4;
    const r = Math.sqrt(areaM2 / (2 * Math.SQRT2)); // regular octagon: area = 2√2 r²
    const ring = [];
    for (let k = 0; k <= 8; k++) {
      const a = ((k % 8) * Math.PI) / 4;
      ring.push([round(cx + r * Math.cos(a)), round(cy + r * Math.sin(a))]);
    }
    features.push({
      type: 'Feature',
      properties: { site_id: `S${String(s).padStart(5, '0')}`, site_type: 'Public Park Or Garden' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  writeFileSync(
    path,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features,
    }),
  );
  return { path, n: count };
}
