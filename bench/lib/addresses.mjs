/**
 * Generated address-scale inputs for the access case (cached in bench/.data/, gitignored):
 * - addresses: `count` seeded points clustered like British addresses — 90 % in 3,000 towns whose
 *   sizes follow Zipf's law (weight 1/rank; the largest spreads ~15 km, small towns ~0.5 km,
 *   Gaussian around the centre), 10 % scattered uniformly (rural); BNG metres to 0.1 m, CSV `x,y`;
 * - access points: 35,000 green-space sites (80 % in the same towns, 20 % rural), areas
 *   log-uniform 0.2–800 ha, each with 1 + ⌊log₂(1 + ha)⌋ (max 8) entrances evenly spaced around a
 *   circle of the site's area — about 150,000 points, CSV `x,y,area_ha`.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createRandom } from '@cohesion/geo';
import { DATA_DIR, GB_BOX } from './inputs.mjs';

const VERSION = 1;
const TOWNS = 3000;

/** Towns: centres (seeded uniform, 10 km inside the box), cumulative Zipf weights, spreads. */
function towns(seed) {
  const rng = createRandom(seed);
  const [x0, y0, x1, y1] = GB_BOX;
  const cx = new Float64Array(TOWNS);
  const cy = new Float64Array(TOWNS);
  const sd = new Float64Array(TOWNS);
  const cum = new Float64Array(TOWNS);
  let total = 0;
  for (let t = 0; t < TOWNS; t++) {
    cx[t] = x0 + 10_000 + rng.next() * (x1 - x0 - 20_000);
    cy[t] = y0 + 10_000 + rng.next() * (y1 - y0 - 20_000);
    const w = 1 / (t + 1);
    sd[t] = 500 + 14_500 * Math.sqrt(w);
    total += w;
    cum[t] = total;
  }
  for (let t = 0; t < TOWNS; t++) cum[t] /= total;
  return { cx, cy, sd, cum };
}

/** Index of the town for a uniform u (binary search of the cumulative weights). */
function pickTown(cum, u) {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A point near town t (Box–Muller), or uniform in the box when rural; clamped to the box. */
function place(rng, T, rural) {
  const [x0, y0, x1, y1] = GB_BOX;
  if (rural) return [x0 + rng.next() * (x1 - x0), y0 + rng.next() * (y1 - y0)];
  const t = pickTown(T.cum, rng.next());
  const r = Math.sqrt(-2 * Math.log(1 - rng.next())) * T.sd[t];
  const a = 2 * Math.PI * rng.next();
  return [
    Math.min(Math.max(T.cx[t] + r * Math.cos(a), x0), x1),
    Math.min(Math.max(T.cy[t] + r * Math.sin(a), y0), y1),
  ];
}

/**
 * Writes (once) `count` clustered addresses; returns the CSV path.
 * @param {number} count @param {(m: string) => void} [log]
 */
export function prepareAddresses(count, log = () => {}) {
  const path = new URL(`addresses-${count}-v${VERSION}.csv`, DATA_DIR).pathname;
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const t0 = performance.now();
  const T = towns(2020);
  const rng = createRandom(30_000_000 + count);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, 'x,y\n');
  const BLOCK = 100_000;
  for (let i = 0; i < count; i += BLOCK) {
    const lines = [];
    for (let k = i; k < Math.min(count, i + BLOCK); k++) {
      const [x, y] = place(rng, T, rng.next() < 0.1);
      lines.push(`${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`);
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
  renameSync(tmp, path);
  log(
    `generated ${count.toLocaleString('en-GB')} addresses in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return path;
}

/** Writes (once) the access points; returns `{path, n}`. */
export function prepareAccessPoints(sites = 35_000) {
  const path = new URL(`access-points-${sites}-v${VERSION}.csv`, DATA_DIR).pathname;
  if (!existsSync(path)) {
    mkdirSync(DATA_DIR, { recursive: true });
    const T = towns(2020);
    const rng = createRandom(150_000);
    const lines = ['x,y,area_ha'];
    const lo = Math.log(0.2);
    const hi = Math.log(800);
    for (let s = 0; s < sites; s++) {
      const [cx, cy] = place(rng, T, rng.next() < 0.2);
      const ha = Math.round(Math.exp(lo + rng.next() * (hi - lo)) * 1000) / 1000;
      const radius = Math.sqrt((ha * 1e4) / Math.PI);
      const k = Math.min(8, 1 + Math.floor(Math.log2(1 + ha)));
      const phase = 2 * Math.PI * rng.next();
      for (let e = 0; e < k; e++) {
        const a = phase + (2 * Math.PI * e) / k;
        lines.push(
          `${Math.round((cx + radius * Math.cos(a)) * 10) / 10},${Math.round((cy + radius * Math.sin(a)) * 10) / 10},${ha}`,
        );
      }
    }
    writeFileAtomic(path, `${lines.join('\n')}\n`);
  }
  return { path, n: readFileSync(path, 'utf8').split('\n').length - 2 };
}

/** @param {string} path @param {string} text */
function writeFileAtomic(path, text) {
  const fd = openSync(`${path}.tmp`, 'w');
  writeSync(fd, text);
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
}

/** Access points as typed arrays. @param {string} path */
export function readAccessPoints(path) {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const xs = new Float64Array(lines.length);
  const ys = new Float64Array(lines.length);
  const areaHa = new Float64Array(lines.length);
  lines.forEach((l, i) => {
    const [x, y, a] = l.split(',');
    xs[i] = Number(x);
    ys[i] = Number(y);
    areaHa[i] = Number(a);
  });
  return { xs, ys, areaHa };
}
