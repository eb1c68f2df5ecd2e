/**
 * jsgeoda (npm; GeoDa's C++ `libgeoda` compiled to WebAssembly) as an in-process bench peer, and
 * the agreement checks used against it.
 *
 * GeoDa conventions (checked against ours on every input before timing): local Moran
 * I_i = z_i Σ_j w_ij z_j with z standardised by the n−1 standard deviation (= ours with
 * `variant: 'esda'`), row-standardised weights; Gi* = Σ_j w*_ij x_j / Σ_j x_j with the self link
 * included before row-standardising (= ours `localGetisOrd` on row-standardised weights); local
 * Geary c_i = Σ_j w_ij (z_i − z_j)² (= ours `localGeary`). Its pseudo p-value is one-tailed on the
 * side the data choose (= our `alternative: 'folded'`), from its own random stream.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AgreementError } from './agreement.mjs';

const require = createRequire(import.meta.url);

/** true, or why jsgeoda cannot be loaded. */
export function jsgeodaAvailable() {
  try {
    require.resolve('jsgeoda');
    return true;
  } catch {
    return 'npm package jsgeoda is not installed (pnpm install in bench/)';
  }
}

/** A fresh jsgeoda instance (WebAssembly module instantiated; not timed). */
export async function newGeoda() {
  const jsgeoda = require('jsgeoda');
  return (jsgeoda.default ?? jsgeoda).New();
}

/** The file's bytes as an ArrayBuffer (what jsgeoda's `readGeoJSON` takes). @param {string} path */
export function fileArrayBuffer(path) {
  const buf = readFileSync(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

/** Neighbour lists (sorted) of jsgeoda weights. @param {any} geoda @param {any} w @param {number} n */
export function geodaNeighbours(geoda, w, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(Array.from(geoda.getNeighbors(w, i)).sort((a, b) => a - b));
  return out;
}

/**
 * Pseudo p-values from two independent random streams agree within Monte-Carlo error: with R
 * permutations each p̂ has variance ≈ p(1−p)/R, so d_i = (p̂_i − p̂'_i)/√(2 p̄(1−p̄)/R + 1/R²)
 * should look standard normal. Passes when at most 1 % of areas have |d_i| > 3 (0.27 % expected).
 * (No test on the mean difference: GeoDa's "lookup" method and our esda-style draws both reuse one
 * set of draws for every area, so area-to-area errors are correlated — two GeoDa runs with
 * different seeds differ in mean p by 0.004 on the GM LSOAs.) Returns a one-line description.
 * With `fold`, both p-values are first mapped to the smaller tail, p → min(p, 1 − p + 1/(R+1)) (GeoDa's
 * local Geary reports the larger tail for some areas; seen on the GM LSOAs at p ≈ 0.35–0.4).
 * @param {string} what @param {number[]} ours @param {number[]} theirs @param {number} R
 * @param {{fold?: boolean}} [opts]
 */
export function assertPseudoPClose(what, ours, theirs, R, opts = {}) {
  if (ours.length !== theirs.length)
    throw new AgreementError(`${what}: ${ours.length} vs ${theirs.length} p-values`);
  let beyond = 0;
  let sumD = 0;
  let maxAbs = 0;
  for (let i = 0; i < ours.length; i++) {
    const f = (/** @type {number} */ p) => (opts.fold ? Math.min(p, 1 - p + 1 / (R + 1)) : p);
    const a = f(ours[i]);
    const b = f(theirs[i]);
    if (!(a > 0 && a <= 1 && b > 0 && b <= 1))
      throw new AgreementError(`${what}: area ${i} has p ${a} vs ${b}`);
    const pb = (a + b) / 2;
    const sd = Math.sqrt((2 * pb * (1 - pb)) / R + 1 / (R * R));
    if (Math.abs(a - b) / sd > 3) beyond++;
    sumD += a - b;
    maxAbs = Math.max(maxAbs, Math.abs(a - b));
  }
  const n = ours.length;
  const mean = sumD / n;
  if (beyond > Math.max(2, 0.01 * n))
    throw new AgreementError(
      `${what}: ${beyond} of ${n} pseudo p-values differ by more than 3 Monte-Carlo SDs`,
    );
  return `pseudo-p within Monte-Carlo error (${beyond}/${n} beyond 3 SD, mean Δ ${mean.toExponential(1)}, max |Δ| ${maxAbs.toFixed(3)})`;
}

/**
 * Neighbour sets of ours (spdep `poly2nb` semantics, checked against spdep and libpysal by the
 * weights cases) vs GeoDa's. GeoDa's queen builder misses some links where two areas share exactly
 * one vertex (seen on the real GM boundaries: the vertex is bit-identical in both polygons), so
 * links missing from GeoDa are allowed up to 0.1 % of all links and named in the note; a link
 * GeoDa has and we do not fails. Returns which areas have identical sets.
 * @param {number[][]} ours @param {number[][]} theirs
 */
export function compareWithGeodaNeighbours(ours, theirs) {
  if (ours.length !== theirs.length)
    throw new AgreementError(`neighbours vs jsgeoda: ${ours.length} vs ${theirs.length} areas`);
  const same = ours.map(() => true);
  let links = 0;
  /** @type {string[]} */
  const missing = [];
  for (let i = 0; i < ours.length; i++) {
    const a = new Set(ours[i]);
    const b = new Set(theirs[i]);
    links += a.size;
    for (const j of b)
      if (!a.has(j))
        throw new AgreementError(`neighbours vs jsgeoda: GeoDa links areas ${i} and ${j}, ours does not`);
    for (const j of a)
      if (!b.has(j)) {
        same[i] = false;
        if (i < j) missing.push(`${i}–${j}`);
      }
  }
  const extra = same.filter((s) => !s).length;
  if (missing.length > Math.max(1, 0.001 * (links / 2)))
    throw new AgreementError(`neighbours vs jsgeoda: GeoDa lacks ${missing.length} of ${links / 2} links`);
  const note = missing.length
    ? `identical neighbours except ${missing.length} link(s) GeoDa lacks (areas ${missing.slice(0, 4).join(', ')}: one shared vertex; spdep and libpysal have them)`
    : `identical neighbour sets (${links / 2} links)`;
  return { same, extra, note };
}
