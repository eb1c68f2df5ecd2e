import {
  checkMultiGroup,
  checkSingleGroup,
  type GroupTable,
  type SegregationInputOptions,
  type SingleGroupCheckOptions,
} from './input.js';
import { marginals } from './multigroup/marginals.js';

/**
 * Per-area values. Areas with no population have NaN (undefined, never a made-up number) and are
 * listed in `droppedAreas`.
 */
export interface LocalResult {
  values: Float64Array;
  droppedAreas: number[];
  /** With `missing: 'nan'` ({@link locationQuotient}): areas left out for a NaN count (value NaN). */
  missingAreas?: number[];
}

/** Per-area, per-group values (row-major n × k) with the rows dropped for having no population. */
export interface LocalGroupResult {
  values: Float64Array;
  k: number;
  droppedAreas: number[];
}

/**
 * Location quotient of a group (Isard 1960): LQᵢ = (xᵢ/tᵢ) / (X/T). Pure formula into `out`
 * (NaN where tᵢ = 0). An area with a NaN count has no data: it is left out of X and T and its
 * quotient is NaN (with no NaN the sums are the plain sums over every area).
 */
export function locationQuotientValues(
  x: ArrayLike<number>,
  t: ArrayLike<number>,
  out = new Float64Array(t.length),
): Float64Array {
  let X = 0;
  let T = 0;
  for (let i = 0; i < t.length; i++) {
    const xi = x[i]!;
    const ti = t[i]!;
    if (Number.isNaN(xi) || Number.isNaN(ti)) continue;
    X += xi;
    T += ti;
  }
  const P = X / T;
  for (let i = 0; i < t.length; i++) out[i] = t[i]! > 0 ? x[i]! / t[i]! / P : Number.NaN;
  return out;
}

/**
 * Location quotient of a group in each area, validated (see {@link locationQuotientValues}).
 * A NaN count is `NON_NUMERIC` unless `missing: 'nan'`, the documented missing-value policy: then
 * that area is no data (NaN, listed in `missingAreas`) and X, T are summed over the other areas —
 * what `<cohesion-map measure="lq">` shows for areas without a table row or with blank cells.
 */
export function locationQuotient(
  group: ArrayLike<number>,
  total: ArrayLike<number>,
  opts?: SingleGroupCheckOptions,
): LocalResult {
  const s = checkSingleGroup(group, total, opts);
  const r: LocalResult = { values: locationQuotientValues(group, total), droppedAreas: s.droppedAreas };
  if (s.missingAreas) r.missingAreas = s.missingAreas;
  return r;
}

/**
 * Location quotient of every group in every area (PySAL `MultiLocationQuotient`):
 * LQ_im = (x_im/tᵢ) / (X_m/T), row-major n × k; NaN where tᵢ = 0 or X_m = 0.
 */
export function multiLocationQuotient(table: GroupTable, opts?: SegregationInputOptions): LocalGroupResult {
  const s = checkMultiGroup(table, opts);
  const { counts, k } = table;
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  const values = new Float64Array(counts.length);
  for (let i = 0, o = 0; i < rowTotals.length; i++, o += k) {
    const ti = rowTotals[i]!;
    for (let m = 0; m < k; m++) {
      values[o + m] =
        ti > 0 && groupTotals[m]! > 0 ? counts[o + m]! / ti / (groupTotals[m]! / total) : Number.NaN;
    }
  }
  return { values, k, droppedAreas: s.droppedAreas };
}

type RowFn = (counts: ArrayLike<number>, offset: number, k: number, ti: number) => number;

function perRow(table: GroupTable, fn: RowFn, opts?: SegregationInputOptions): LocalResult {
  const s = checkMultiGroup(table, opts);
  const { counts, k } = table;
  const n = s.areas;
  const values = new Float64Array(n);
  for (let i = 0, o = 0; i < n; i++, o += k) {
    let ti = 0;
    for (let m = 0; m < k; m++) ti += counts[o + m]!;
    values[i] = ti > 0 ? fn(counts, o, k, ti) : Number.NaN;
  }
  return { values, droppedAreas: s.droppedAreas };
}

/** Local diversity of one area: Eᵢ = −Σ_m π_im ln π_im (natural log). Pure formula on one row. */
export function localDiversityRow(counts: ArrayLike<number>, offset: number, k: number, ti: number): number {
  let e = 0;
  for (let m = 0; m < k; m++) {
    const p = counts[offset + m]! / ti;
    if (p > 0) e -= p * Math.log(p);
  }
  return e;
}

/** Local diversity (Theil entropy) of each area, Eᵢ = −Σ_m π_im ln π_im (PySAL `MultiLocalDiversity`). */
export function localDiversity(table: GroupTable, opts?: SegregationInputOptions): LocalResult {
  return perRow(table, localDiversityRow, opts);
}

/**
 * Local entropy of each area normalised to [0, 1]: Eᵢ / ln K (Reardon & O'Sullivan 2004 eq. 6;
 * PySAL `MultiLocalEntropy`).
 */
export function localEntropy(table: GroupTable, opts?: SegregationInputOptions): LocalResult {
  const lnK = Math.log(table.k);
  return perRow(table, (c, o, k, ti) => (k > 1 ? localDiversityRow(c, o, k, ti) / lnK : 0), opts);
}

/** Local Simpson's interaction of one area: Σ_m π_im (1 − π_im). */
export function localSimpsonsInteractionRow(c: ArrayLike<number>, o: number, k: number, ti: number): number {
  let s = 0;
  for (let m = 0; m < k; m++) {
    const p = c[o + m]! / ti;
    s += p * (1 - p);
  }
  return s;
}

/** Local Simpson's concentration of one area: Σ_m π_im². */
export function localSimpsonsConcentrationRow(
  c: ArrayLike<number>,
  o: number,
  k: number,
  ti: number,
): number {
  let s = 0;
  for (let m = 0; m < k; m++) {
    const p = c[o + m]! / ti;
    s += p * p;
  }
  return s;
}

/** Local Simpson's interaction of each area (PySAL `MultiLocalSimpsonInteraction`). */
export function localSimpsonsInteraction(table: GroupTable, opts?: SegregationInputOptions): LocalResult {
  return perRow(table, localSimpsonsInteractionRow, opts);
}

/** Local Simpson's concentration of each area (PySAL `MultiLocalSimpsonConcentration`). */
export function localSimpsonsConcentration(table: GroupTable, opts?: SegregationInputOptions): LocalResult {
  return perRow(table, localSimpsonsConcentrationRow, opts);
}

/** Elbers' local segregation scores with their weights: Σ weights · ls = M. */
export interface LocalSegregation {
  /** ls for each area (by: 'area') or each group (by: 'group'); NaN where the weight is 0. */
  ls: Float64Array;
  /** p: each area's (or group's) share of the population. */
  p: Float64Array;
  /** M = Σ p · ls. */
  total: number;
  droppedAreas: number[];
}

/**
 * Elbers' local segregation (Elbers 2023; elbersb/segregation `mutual_local`), natural log.
 * `by: 'area'` (default): lsᵢ = Σ_m π_im ln(π_im / π_m), pᵢ = tᵢ/T — how far each area's mix is from
 * the overall mix (also Roberto's local divergence). `by: 'group'`: ls_m = Σᵢ (x_im/X_m)
 * ln((x_im/X_m) / (tᵢ/T)), p_m = X_m/T — how unevenly each group is spread. Either way Σ p·ls = M.
 */
export function localSegregation(
  table: GroupTable,
  opts?: SegregationInputOptions & { by?: 'area' | 'group' },
): LocalSegregation {
  const s = checkMultiGroup(table, opts);
  const { counts, k } = table;
  const { rowTotals, groupTotals, total } = marginals(counts, k);
  const n = s.areas;
  const byGroup = opts?.by === 'group';
  const ls = new Float64Array(byGroup ? k : n);
  for (let i = 0, o = 0; i < n; i++, o += k) {
    const ti = rowTotals[i]!;
    if (!(ti > 0)) continue;
    for (let m = 0; m < k; m++) {
      const v = counts[o + m]!;
      if (!(v > 0)) continue;
      const term = Math.log((v * total) / (ti * groupTotals[m]!));
      if (byGroup) ls[m] = ls[m]! + (v / groupTotals[m]!) * term;
      else ls[i] = ls[i]! + (v / ti) * term;
    }
  }
  const p = new Float64Array(ls.length);
  let M = 0;
  for (let j = 0; j < ls.length; j++) {
    p[j] = (byGroup ? groupTotals[j]! : rowTotals[j]!) / total;
    if (p[j] === 0) ls[j] = Number.NaN;
    else M += p[j]! * ls[j]!;
  }
  return { ls, p, total: M, droppedAreas: s.droppedAreas };
}
