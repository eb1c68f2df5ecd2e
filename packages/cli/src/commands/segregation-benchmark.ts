// `cohesion segregation --by COL --benchmark PLACE`: the place's rank among all places, its region
// and its peers (by size and whole ethnic mix).
import {
  benchmarkPlace,
  CohesionError,
  MULTIGROUP_INDICES,
  type MultiGroupIndexName,
  numericColumn,
  type SegregationByGroupResult,
  SINGLE_GROUP_INDICES,
  type SingleGroupIndexName,
  type Table,
} from '@cohesion/geo';
import { recogniseLayout } from '@cohesion/report';
import { listFlag, numberFlag, RULES, UsageError } from '../flags.js';
import type { Values } from './segregation.js';

/**
 * Each place's whole ethnic mix for finding peers: every group of a recognised census layout (Census
 * 2021 TS021, 2011 KS201EW, the MLID names) plus the rest of the total, whatever groups were asked
 * for — so the peers do not change with `--group`. Other tables: the groups given plus the rest.
 */
function wholeMix(table: Table, values: Values, res: SegregationByGroupResult, groupNames: string[]) {
  const layout = recogniseLayout(table.columns);
  const cols = layout ? layout.groups.map((g) => g.column) : groupNames;
  const totalCol = values.total!;
  const place = new Map(res.places.map((p, j) => [p, j]));
  const k = cols.length + 1;
  const sums = new Float64Array(res.places.length * k);
  const totals = new Float64Array(res.places.length);
  const colValues = cols.map((c) => numericColumn(table, c));
  const total = numericColumn(table, totalCol);
  table.rows.forEach((r, i) => {
    const j = place.get(r[values.by!] ?? '');
    if (j === undefined) return;
    totals[j] = totals[j]! + total[i]!;
    let s = 0;
    colValues.forEach((v, m) => {
      sums[j * k + m] = sums[j * k + m]! + v[i]!;
      s += v[i]!;
    });
    sums[j * k + cols.length] = sums[j * k + cols.length]! + Math.max(0, total[i]! - s);
  });
  const shares = new Float64Array(sums.length);
  for (let j = 0; j < res.places.length; j++)
    for (let m = 0; m < k; m++) shares[j * k + m] = totals[j]! > 0 ? sums[j * k + m]! / totals[j]! : 0;
  return { shares, k };
}

/** `--benchmark PLACE`: rank and percentile of the place among all, its region and its peers. */
export function benchmarkJson(
  values: Values,
  table: Table,
  res: SegregationByGroupResult,
  groupNames: string[],
) {
  const place = values.benchmark!;
  const name = values['benchmark-index'] ?? 'dissimilarity';
  const isSingle = (SINGLE_GROUP_INDICES as readonly string[]).includes(name);
  if (!isSingle && !(MULTIGROUP_INDICES as readonly string[]).includes(name)) {
    throw new UsageError(`--benchmark-index: unknown index "${name}"`);
  }
  let regions: string[] | undefined;
  if (values.region) {
    const rc = values.region;
    if (!table.columns.includes(rc)) {
      throw new CohesionError('MISSING_COLUMN', `${table.source ?? 'table'}: no column "${rc}" (--region)`, {
        column: rc,
      });
    }
    const regionOf = new Map<string, string>();
    for (const r of table.rows) {
      const p = r[values.by!] ?? '';
      if (!regionOf.has(p)) regionOf.set(p, r[rc] ?? '');
    }
    regions = res.places.map((p) => regionOf.get(p) ?? '');
  }
  const { shares, k } = wholeMix(table, values, res, groupNames);
  const peers = values.peers ? { peers: listFlag(values.peers)! } : {};
  const nearest = numberFlag(values.nearest, 'nearest', RULES.atLeastOne);
  const base = {
    places: res.places,
    population: res.results.map((r) => r.populationTotal),
    groupShares: { values: shares, k },
    ...(regions ? { regions } : {}),
  };
  const opts = { ...peers, ...(nearest !== undefined && !values.peers ? { k: nearest } : {}) };
  // Every place is listed in `by`; the all-places list is left out here.
  const strip = (b: ReturnType<typeof benchmarkPlace>) => {
    const { places: _all, ...all } = b.all;
    return { ...b, all };
  };
  if (!isSingle) {
    const v = res.results.map((r) => r.multi[name as MultiGroupIndexName] ?? Number.NaN);
    if (v.every((x) => Number.isNaN(x)))
      throw new UsageError(`--benchmark-index ${name} was not computed (see --index)`);
    return { index: name, multigroup: strip(benchmarkPlace({ ...base, values: v }, place, opts)) };
  }
  const groups: Record<string, unknown> = {};
  groupNames.forEach((g, m) => {
    const arr = res.results.map((r) => r.single[name as SingleGroupIndexName]?.[m] ?? Number.NaN);
    if (arr.every((x) => Number.isNaN(x)))
      throw new UsageError(`--benchmark-index ${name} was not computed (see --index)`);
    groups[g] =
      Number.isNaN(arr[res.places.indexOf(place)] ?? Number.NaN) && res.places.includes(place)
        ? null
        : strip(benchmarkPlace({ ...base, values: arr }, place, opts));
  });
  return { index: name, groups };
}
