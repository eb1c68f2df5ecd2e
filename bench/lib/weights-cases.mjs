/**
 * Case factories for spatial weights: contiguity (queen/rook) from polygons and KNN from points.
 * Ours and every peer build the weights from the same prepared files; only the build is timed
 * (reading files is timed by the read-join cases). Agreement: identical neighbour sets, area by area.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { contiguityWeights, knnWeights, pointsFromAreas } from '@cohesion/geo';
import { AgreementError, assertSameNeighbours } from './agreement.mjs';
import { DATA_DIR, loadGeoJSON } from './inputs.mjs';
import { requirePeer, runExternal } from './peers.mjs';

/** Neighbour lists (0-based, feature order) of CSR weights. @param {any} w */
export function neighbourLists(w) {
  const out = [];
  for (let i = 0; i < w.n; i++) out.push(Array.from(w.neighbors.subarray(w.offsets[i], w.offsets[i + 1])));
  return out;
}

/** R's jsonlite unboxes length-1 vectors; spdep marks "no neighbours" as a lone 0 (1-based lists). */
function fromSpdep(/** @type {any[]} */ nb) {
  return nb.map((v) => {
    const a = Array.isArray(v) ? v : [v];
    return a.length === 1 && a[0] === 0 ? [] : a.map((x) => x - 1);
  });
}

/** @param {any} ours @param {any} theirs @param {string} what */
function checkLists(ours, theirs, what) {
  if (!Array.isArray(theirs)) throw new AgreementError(`${what}: peer returned no neighbour lists`);
  const links = assertSameNeighbours(what, ours, theirs);
  return `identical neighbour sets for all ${ours.length} areas (${links} links)`;
}

/**
 * Area-weighted centroids of an input from ours (`pointsFromAreas`), cached as CSV so that KNN peers
 * search exactly the same points.
 * @param {import('./inputs.mjs').PreparedInput} input
 */
export function centroidFile(input) {
  const path = new URL(`${input.id}.centroids.csv`, DATA_DIR).pathname;
  if (!existsSync(path)) {
    const p = pointsFromAreas(loadGeoJSON(input.geojson), { idProperty: input.idProperty });
    const lines = ['x,y'];
    for (let i = 0; i < p.ids.length; i++) lines.push(`${p.xs[i]},${p.ys[i]}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
  return path;
}

/** @param {string} path */
function readPoints(path) {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const xs = new Float64Array(lines.length);
  const ys = new Float64Array(lines.length);
  lines.forEach((l, i) => {
    const [x, y] = l.split(',');
    xs[i] = Number(x);
    ys[i] = Number(y);
  });
  return { ids: lines.map((_, i) => `p${i}`), xs, ys };
}

/**
 * @param {'queen' | 'rook'} rule
 * @returns {import('../run.mjs').BenchCase}
 */
export function contiguityCase(rule) {
  const queen = rule === 'queen';
  return {
    name: `${rule}-weights`,
    group: 'weights',
    title: `${queen ? 'Queen' : 'Rook'} contiguity weights`,
    description:
      `Ours: \`contiguityWeights(fc, {rule: '${rule}'})\` (spdep \`poly2nb\` semantics, default snap) on the parsed BNG GeoJSON. ` +
      `Peers: R spdep \`poly2nb(st_read(geojson), queen = ${queen ? 'TRUE' : 'FALSE'})\`; Python libpysal ` +
      `\`${queen ? 'Queen' : 'Rook'}.from_iterable\` over \`libpysal.cg.Polygon\`s built from the same GeoJSON ` +
      '(what `from_shapefile` does after reading the file; no shapefile writer is needed). Only the weights build is timed. ' +
      'Agreement: identical neighbour sets for every area.',
    sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
    quickSizes: ['trafford-lsoa11'],
    setup: (ctx) => ({ fc: loadGeoJSON(ctx.input.geojson), idProperty: ctx.input.idProperty }),
    run: (s) => contiguityWeights(s.fc, { idProperty: s.idProperty, rule }).weights,
    summarize: (w) => neighbourLists(w),
    peers: [
      {
        name: 'spdep poly2nb (R)',
        available: () => requirePeer('R', ['spdep', 'sf', 'jsonlite']),
        exec: (ctx) => {
          const r = runExternal(
            'R',
            ctx.runId,
            `
a <- st_read(cfg$path, quiet = TRUE)
b <- bench(function() poly2nb(a, queen = cfg$queen))
emit(b, lapply(unclass(b$res), as.integer))`,
            {
              params: { path: ctx.input.geojson, queen, libs: ['sf', 'spdep'] },
              policy: ctx.policy,
              timeoutMs: ctx.timeoutMs,
            },
          );
          return { ...r, result: fromSpdep(r.result) };
        },
        check: (ours, theirs) => checkLists(ours, theirs, `${rule} neighbours vs spdep`),
      },
      {
        name: `libpysal ${queen ? 'Queen' : 'Rook'} (Python)`,
        available: () => requirePeer('python', ['libpysal']),
        exec: (ctx) =>
          runExternal(
            'python',
            ctx.runId,
            `
import libpysal
from libpysal.cg import Polygon, Point
from libpysal.weights import Queen, Rook
fc = json.load(open(cfg['path']))
def ring(r):
    return [Point((x, y)) for x, y in r]
polys = []
for f in fc['features']:
    g = f['geometry']
    parts = [g['coordinates']] if g['type'] == 'Polygon' else g['coordinates']
    shells = [ring(p[0]) for p in parts]
    holes = [ring(h) for p in parts for h in p[1:]]
    polys.append(Polygon(shells if len(shells) > 1 else shells[0], holes or None))
W = Queen if cfg['queen'] else Rook
times, w = bench(lambda: W.from_iterable(polys))
emit(times, [sorted(int(j) for j in w.neighbors[i]) for i in range(len(polys))])`,
            { params: { path: ctx.input.geojson, queen }, policy: ctx.policy, timeoutMs: ctx.timeoutMs },
          ),
        check: (ours, theirs) => checkLists(ours, theirs, `${rule} neighbours vs libpysal`),
      },
    ],
  };
}

/** @returns {import('../run.mjs').BenchCase} */
export function knnCase(k = 6) {
  return {
    name: 'knn-weights',
    group: 'weights',
    title: `K nearest neighbours (k = ${k})`,
    description:
      `Ours: \`knnWeights(points, ${k})\` (kdbush) on the area-weighted centroids of each input (from ours' \`pointsFromAreas\`, ` +
      'written once to CSV so that every implementation searches the same points). ' +
      `Peers: R spdep \`knn2nb(knearneigh(xy, k = ${k}))\`; Python libpysal \`KNN(xy, k = ${k})\` (scipy kd-tree). ` +
      'Only the neighbour search is timed. Agreement: identical neighbour sets for every area.',
    sizes: ['gm-lsoa11', 'voronoi-35k', 'voronoi-190k'],
    quickSizes: ['trafford-lsoa11'],
    setup: (ctx) => readPoints(centroidFile(ctx.input)),
    run: (p) => knnWeights(p, k),
    summarize: (w) => neighbourLists(w),
    peers: [
      {
        name: 'spdep knearneigh + knn2nb (R)',
        // knearneigh's search grows ~n²: 35k areas already take over a minute.
        sizes: ['trafford-lsoa11', 'gm-lsoa11', 'voronoi-35k'],
        available: () => requirePeer('R', ['spdep', 'jsonlite']),
        exec: (ctx) => {
          const r = runExternal(
            'R',
            ctx.runId,
            `
xy <- as.matrix(read.csv(cfg$path))
b <- bench(function() knn2nb(knearneigh(xy, k = cfg$k)))
emit(b, lapply(unclass(b$res), as.integer))`,
            {
              params: { path: centroidFile(ctx.input), k, libs: ['spdep'] },
              policy: ctx.policy,
              timeoutMs: ctx.timeoutMs,
            },
          );
          return { ...r, result: fromSpdep(r.result) };
        },
        check: (ours, theirs) => checkLists(ours, theirs, 'KNN neighbours vs spdep'),
      },
      {
        name: 'libpysal KNN (Python)',
        available: () => requirePeer('python', ['libpysal', 'numpy']),
        exec: (ctx) =>
          runExternal(
            'python',
            ctx.runId,
            `
import numpy as np
from libpysal.weights import KNN
xy = np.loadtxt(cfg['path'], delimiter=',', skiprows=1)
times, w = bench(lambda: KNN(xy, k=cfg['k']))
emit(times, [sorted(int(j) for j in w.neighbors[i]) for i in range(len(xy))])`,
            { params: { path: centroidFile(ctx.input), k }, policy: ctx.policy, timeoutMs: ctx.timeoutMs },
          ),
        check: (ours, theirs) => checkLists(ours, theirs, 'KNN neighbours vs libpysal'),
      },
    ],
  };
}
