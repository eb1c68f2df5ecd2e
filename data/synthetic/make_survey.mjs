// SYNTHETIC DATA GENERATOR. Writes two waves (2022, 2024) of a made-up residents' survey for the
// 21 Trafford wards (2022 ward codes and names are real; every answer, weight and sampling point is
// invented). Deterministic: same seed, same files.   node data/synthetic/make_survey.mjs
//
// Design: stratified by ward; in each ward 4-8 sampling points (clusters, like postcode sectors)
// with a cluster effect on the answers (so design effects are mostly above 1); non-response weights
// by age band scaled to the ward's adult population (≈ 79% of Census 2021 usual residents). Ward
// sample sizes vary from about 10 to 120, so some wards fall below the 30-respondent rule.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('./', import.meta.url));
const WARDS = [
  ['E05000819', 'Altrincham', 12931],
  ['E05000820', 'Ashton upon Mersey', 10345],
  ['E05000821', 'Bowdon', 9134],
  ['E05000822', 'Broadheath', 14292],
  ['E05000823', 'Brooklands', 10521],
  ['E05000824', 'Bucklow-St Martins', 10108],
  ['E05000825', 'Clifford', 13373],
  ['E05000826', 'Davyhulme East', 9583],
  ['E05000827', 'Davyhulme West', 10162],
  ['E05000828', 'Flixton', 10795],
  ['E05000829', 'Gorse Hill', 12179],
  ['E05000830', 'Hale Barns', 10135],
  ['E05000831', 'Hale Central', 10437],
  ['E05000832', 'Longford', 12895],
  ['E05000833', 'Priory', 11168],
  ['E05000834', "St Mary's", 11814],
  ['E05000835', 'Sale Moor', 10666],
  ['E05000836', 'Stretford', 11477],
  ['E05000837', 'Timperley', 11320],
  ['E05000838', 'Urmston', 11205],
  ['E05000839', 'Village', 10521],
];

// mulberry32: a small seeded generator (32-bit integer arithmetic, same numbers everywhere).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const expit = (x) => 1 / (1 + Math.exp(-x));

const AGE = [
  ['18-34', 0.29, 0.55], // band, share of adults, response propensity
  ['35-54', 0.34, 0.8],
  ['55-74', 0.26, 1.1],
  ['75+', 0.11, 1.0],
];
const GET_ON = ['Definitely agree', 'Tend to agree', 'Tend to disagree', 'Definitely disagree'];
const BELONG = ['Very strongly', 'Fairly strongly', 'Not very strongly', 'Not at all strongly'];

function wave(year, seed) {
  const r = rng(seed);
  const wardRng = rng(20240601); // ward character is the same in every wave
  const rows = [];
  let id = 1;
  for (const [code, name, residents] of WARDS) {
    const wardLogit = 1.6 + 0.5 * normal(wardRng); // ≈ 83% agree on average, varying by ward
    const trend = year === 2024 ? 0.2 * normal(wardRng) - 0.02 : 0 * normal(wardRng);
    const n = Math.round(10 + 110 * r() ** 1.3);
    const points = 4 + Math.floor(r() * 5);
    const adults = Math.round(residents * 0.79);
    const pointEffect = Array.from({ length: points }, () => 0.25 * normal(r));
    const ages = [];
    for (let i = 0; i < n; i++) {
      // Older residents answer more often: sample age bands by share × propensity.
      const u = r() * AGE.reduce((s, [, sh, pr]) => s + sh * pr, 0);
      let acc = 0;
      let k = 0;
      for (; k < AGE.length - 1; k++) {
        acc += AGE[k][1] * AGE[k][2];
        if (u < acc) break;
      }
      ages.push(k);
    }
    const counts = AGE.map((_, k) => ages.filter((a) => a === k).length);
    for (let i = 0; i < n; i++) {
      const k = ages[i];
      const point = Math.floor(r() * points);
      // Weight: the ward's adults in this age band over the respondents in it.
      const weight = (adults * AGE[k][1]) / Math.max(1, counts[k]);
      const p = expit(wardLogit + trend + pointEffect[point] + (k === 0 ? -0.3 : 0.1));
      const u = r();
      let getOn;
      if (u < 0.035) getOn = "Don't know";
      else if (r() < p) getOn = GET_ON[r() < 0.35 ? 0 : 1];
      else getOn = GET_ON[r() < 0.75 ? 2 : 3];
      const b = expit(0.9 + 0.6 * (wardLogit - 1.45) + (k >= 2 ? 0.5 : -0.2));
      const belong =
        r() < 0.02 ? "Don't know" : r() < b ? BELONG[r() < 0.4 ? 0 : 1] : BELONG[r() < 0.7 ? 2 : 3];
      rows.push({
        respondent_id: `${year}-${String(id++).padStart(5, '0')}`,
        ward_code: code,
        ward_name: name,
        sampling_point: `${code}-P${point + 1}`,
        age_band: AGE[k][0],
        weight: weight.toFixed(3),
        get_on_well: getOn,
        belong: belong,
      });
    }
  }
  return rows;
}

const cell = (v) => (/[",\n]/.test(v) ? `"${String(v).replace(/"/g, '""')}"` : v);
for (const [year, seed] of [
  [2022, 2022],
  [2024, 2024],
]) {
  const rows = wave(year, seed);
  const cols = Object.keys(rows[0]);
  const text = [cols.join(','), ...rows.map((row) => cols.map((c) => cell(row[c])).join(','))].join('\n');
  writeFileSync(`${OUT}trafford_ward_survey_${year}.csv`, `${text}\n`);
  console.log(`trafford_ward_survey_${year}.csv: ${rows.length} respondents`);
}
