/**
 * Plain-JS baseline for the national segregation batch (no PySAL `segregation` or R peer is
 * packaged for Debian): what a developer would write without Cohesion — rows grouped into an
 * object of arrays of row objects per council, then the textbook formulas per group with
 * Array methods. Formulas (group x vs the rest, totals t, X = Σx, T = Σt, P = X/T, over areas with t > 0):
 * - dissimilarity D = ½ Σ |x_i/X − (t_i − x_i)/(T − X)| (Duncan & Duncan 1955)
 * - isolation xPx = Σ (x_i/X)(x_i/t_i); exposure xPy = Σ (x_i/X)((t_i − x_i)/t_i) (Bell 1954)
 * - entropy H = Σ t_i (E − E_i) / (E T), E = −P ln P − (1−P) ln(1−P) (Theil 1972)
 * - Gini G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P)) (all pairs, as usually written)
 */

const H = (/** @type {number} */ p) => (p <= 0 || p >= 1 ? 0 : -p * Math.log(p) - (1 - p) * Math.log(1 - p));

/**
 * @param {Array<Record<string, string>>} rows
 * @param {string[]} groups
 * @param {string} totalColumn
 * @param {string} by
 */
export function baselineSegregationByCouncil(rows, groups, totalColumn, by) {
  /** @type {Record<string, Array<Record<string, string>>>} */
  const places = {};
  for (const r of rows) {
    if (!places[r[by]]) places[r[by]] = [];
    places[r[by]].push(r);
  }
  /** @type {Record<string, Record<string, number[]>>} */
  const out = {};
  for (const name of Object.keys(places).sort()) {
    const areas = places[name].map((r) => ({ t: Number(r[totalColumn]), r })).filter((a) => a.t > 0);
    const T = areas.reduce((s, a) => s + a.t, 0);
    const res = { dissimilarity: [], isolation: [], exposure: [], entropy: [], gini: [] };
    for (const g of groups) {
      const xs = areas.map((a) => Number(a.r[g]));
      const X = xs.reduce((s, x) => s + x, 0);
      const P = X / T;
      if (X === 0 || X === T) {
        for (const k of Object.keys(res)) res[k].push(Number.NaN);
        continue;
      }
      const D = 0.5 * areas.reduce((s, a, i) => s + Math.abs(xs[i] / X - (a.t - xs[i]) / (T - X)), 0);
      const iso = areas.reduce((s, a, i) => s + (xs[i] / X) * (xs[i] / a.t), 0);
      const exp = areas.reduce((s, a, i) => s + (xs[i] / X) * ((a.t - xs[i]) / a.t), 0);
      const E = H(P);
      const ent = areas.reduce((s, a, i) => s + (a.t * (E - H(xs[i] / a.t))) / (E * T), 0);
      let gsum = 0;
      for (let i = 0; i < areas.length; i++)
        for (let j = 0; j < areas.length; j++)
          gsum += areas[i].t * areas[j].t * Math.abs(xs[i] / areas[i].t - xs[j] / areas[j].t);
      res.dissimilarity.push(D);
      res.isolation.push(iso);
      res.exposure.push(exp);
      res.entropy.push(ent);
      res.gini.push(gsum / (2 * T * T * P * (1 - P)));
    }
    out[name] = res;
  }
  return out;
}
