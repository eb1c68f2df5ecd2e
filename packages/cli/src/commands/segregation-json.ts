// The JSON of `cohesion segregation`: one place's indices, and the --bootstrap block.
import { bootstrapIndex, bootstrapMultigroup, type PlaceIndices } from '@cohesion/geo';
import type { Progress } from '../progress.js';

const toNumberOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** One place's indices as JSON: `indices` (combined group + multigroup), `groups` (each group). */
export function placeJson(p: PlaceIndices, groupNames: readonly string[], combined: PlaceIndices | null) {
  const single = (src: PlaceIndices, m: number) => {
    const o: Record<string, number | null> = {};
    for (const [name, arr] of Object.entries(src.single)) o[name] = toNumberOrNull(arr[m]!);
    return o;
  };
  const summaryOf = (src: PlaceIndices, m: number) => ({
    groupTotal: src.groupTotals[m]!,
    populationTotal: src.populationTotal,
    proportion: src.groupTotals[m]! / src.populationTotal,
  });
  const base = {
    areas: p.areas,
    areasUsed: p.areas - p.droppedAreas,
    droppedAreas: p.droppedAreas,
    // 1-based data rows, as in error messages.
    droppedRows: p.droppedRows.map((r) => r + 1),
    populationTotal: p.populationTotal,
  };
  if (groupNames.length === 1) {
    return { indices: single(p, 0), summary: { ...base, ...summaryOf(p, 0) } };
  }
  const indices: Record<string, number | null> = combined ? single(combined, 0) : {};
  for (const [name, v] of Object.entries(p.multi)) indices[name] = toNumberOrNull(v);
  const groups: Record<string, unknown> = {};
  groupNames.forEach((g, m) => {
    groups[g] = { indices: single(p, m), summary: summaryOf(p, m) };
  });
  return {
    indices,
    groups,
    summary: {
      ...base,
      ...(combined
        ? { groupTotal: combined.groupTotals[0]!, proportion: combined.groupTotals[0]! / p.populationTotal }
        : {}),
      multigroupColumns: p.restAdded ? [...groupNames, 'rest'] : [...groupNames],
    },
  };
}

export function sumColumns(cols: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(cols[0]!.length);
  for (const c of cols) for (let i = 0; i < c.length; i++) out[i] = out[i]! + c[i]!;
  return out;
}

/**
 * Areas × (groups + rest) counts, row-major: the multigroup table of the listed groups, plus a
 * "rest" column (total − Σ groups, never negative) when `restAdded`.
 */
export function countsWithRest(
  groups: readonly Float64Array[],
  total: Float64Array,
  restAdded: boolean,
): { counts: Float64Array; k: number } {
  const k = groups.length + (restAdded ? 1 : 0);
  const n = total.length;
  const counts = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < groups.length; m++) {
      counts[i * k + m] = groups[m]![i]!;
      s += groups[m]![i]!;
    }
    if (restAdded) counts[i * k + groups.length] = Math.max(0, total[i]! - s);
  }
  return { counts, k };
}

/**
 * `--bootstrap N`: person-bootstrap SE, 95% percentile interval and bias-corrected value of D for the
 * group (the listed groups together) and, with several groups, of M and multigroup D.
 */
export function bootstrapJson(
  groups: Float64Array[],
  total: Float64Array,
  iterations: number,
  seed: number,
  groupNames: string[],
  restAdded: boolean,
  progress?: Progress,
) {
  const onProgress = (label: string) => (progress ? { onProgress: progress.stage(label) } : {});
  const pick = (b: ReturnType<typeof bootstrapIndex>) => ({
    estimate: b.estimate,
    standardError: b.standardError,
    ci: b.ci,
    bias: b.bias,
    biasCorrected: b.biasCorrected,
  });
  const x = sumColumns(groups);
  const out: Record<string, unknown> = {
    iterations,
    seed,
    level: 0.95,
    resample: 'persons',
    dissimilarity: pick(bootstrapIndex(x, total, { iterations, seed, ...onProgress('bootstrap of D') })),
  };
  if (groupNames.length > 1) {
    const table = countsWithRest(groups, total, restAdded);
    out.mutualInformation = pick(
      bootstrapMultigroup(table, { iterations, seed, ...onProgress('bootstrap of M') }),
    );
    out.multiDissimilarity = pick(
      bootstrapMultigroup(table, {
        iterations,
        seed,
        index: 'multiDissimilarity',
        ...onProgress('bootstrap of multigroup D'),
      }),
    );
  }
  return out;
}
