import {
  benchmarkPlace,
  bootstrapIndex,
  CohesionError,
  dissimilarityExpected,
  numericColumn,
  type PeerInput,
  type RankIn,
  readCsv,
  segregationByGroup,
  similarPlaces,
  type Table,
} from '@cohesion/geo';

/** One council's place in the national ranking of an index. */
export interface CouncilRank {
  /** 1 = the most segregated (highest value). */
  rank: number;
  /** Number of councils ranked (those with a finite value). */
  of: number;
  /** Mid-rank percentile, 0–100: share of councils with a lower value (ties count half). */
  percentile: number;
}

/** The council's aspatial indices from the national 2011 table and its ranks. */
export interface NationalBenchmark {
  /** The council's name as written in the table (`LAD11NM`). */
  council: string;
  region: string;
  /** Census year of the table. */
  year: 2011;
  councils: number;
  lsoas: number;
  population: number;
  /** Index values of the council (see {@link NATIONAL_INDICES}). */
  values: Record<NationalIndexKey, number>;
  /** Seeded bootstrap interval (persons resampled) of the council's D, and D expected with no segregation. */
  dissimilarityCi: { ci: [number, number]; level: number; replicates: number; expected: number };
  /** Rank among every council of England and Wales. */
  national: Record<NationalIndexKey, CouncilRank>;
  /** Rank among the councils of the same region. */
  region_rank: Record<NationalIndexKey, CouncilRank>;
  /** Rank among the peer councils (most similar by size and ethnic mix), and who they are. */
  peers: { method: string; names: string[]; rank: Record<NationalIndexKey, CouncilRank> };
  /** Every council's values, for the CSV and the chart (sorted by name). */
  table: { council: string; region: string; population: number; values: Record<NationalIndexKey, number> }[];
}

/**
 * The indices benchmarked nationally (Census 2011, LSOAs): D and xPx of residents who are not White British
 * (Massey & Denton 1988), and the multigroup H and D over the 14 groups plus the rest (Reardon & Firebaugh 2002).
 */
export const NATIONAL_INDICES = {
  dissimilarity: 'Index of dissimilarity D (White British vs everyone else)',
  isolation: 'Isolation of ethnic minorities (not White British), xPx',
  informationTheory: 'Multigroup information theory index H (14 groups + rest)',
  multiDissimilarity: 'Multigroup dissimilarity D (14 groups + rest)',
} as const;
/** Key of one of the {@link NATIONAL_INDICES}. */
export type NationalIndexKey = keyof typeof NATIONAL_INDICES;

/** Close matches for an unknown name, for the error message. */
function suggestions(name: string, names: readonly string[]): string[] {
  const n = name.toLowerCase();
  const hits = names.filter((c) => c.toLowerCase().includes(n) || n.includes(c.toLowerCase()));
  return hits.slice(0, 5);
}

/**
 * Reads the national 2011 LSOA table, computes the indices of every council in one pass
 * (`segregationByGroup` by `LAD11NM`) and ranks `council` nationally, within its region and among
 * its `peerCount` nearest peers: the councils closest in (log population, share of each of the 14
 * groups), Euclidean after standardising each feature — the "near neighbours" idea of LG Inform.
 */
export async function nationalBenchmark(
  path: string,
  council: string,
  options: {
    groups: readonly string[];
    total?: string;
    by?: string;
    region?: string;
    peerCount?: number;
    seed?: number;
    replicates?: number;
  },
): Promise<NationalBenchmark> {
  const table: Table = await readCsv(path);
  const by = options.by ?? 'LAD11NM';
  const regionCol = options.region ?? 'RGN11NM';
  const totalCol = options.total ?? 'Persons';
  const byValues = table.rows.map((r) => (r[by] ?? '').trim());
  const names = [...new Set(byValues)];
  const wanted = names.find((n) => n.toLowerCase() === council.trim().toLowerCase());
  if (!wanted) {
    const close = suggestions(council, names);
    throw new CohesionError(
      'UNMATCHED_CODE',
      `council "${council}" is not in ${path} (${by})${close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : ''}`,
      { value: council, column: by, source: path },
    );
  }
  const total = numericColumn(table, totalCol);
  const groups = options.groups.map((g) => numericColumn(table, g));
  // D and xPx of "not White British" = everyone but the first group (WhiteBrit) vs White British.
  const wbIndex = options.groups.indexOf('WhiteBrit');
  const minority = Float64Array.from(total, (t, i) => t - (wbIndex >= 0 ? groups[wbIndex]![i]! : 0));
  const multi = segregationByGroup(
    { groups, groupNames: [...options.groups], total, totalColumn: totalCol, source: path },
    byValues,
    { single: [], multi: ['informationTheory', 'multiDissimilarity'] },
  );
  const single = segregationByGroup(
    { groups: [minority], groupNames: ['NotWhiteBritish'], total, totalColumn: totalCol, source: path },
    byValues,
    { single: ['dissimilarity', 'isolation'], multi: [] },
  );
  const regionOf = new Map<string, string>();
  table.rows.forEach((r, i) => {
    if (!regionOf.has(byValues[i]!)) regionOf.set(byValues[i]!, (r[regionCol] ?? '').trim());
  });
  const rows = multi.places.map((place, j) => {
    const m = multi.results[j]!;
    const s = single.results[j]!;
    return {
      council: place,
      region: regionOf.get(place) ?? '',
      population: m.populationTotal,
      lsoas: m.areas,
      shares: Array.from(m.groupTotals, (x) => x / m.populationTotal),
      values: {
        dissimilarity: s.single.dissimilarity![0]!,
        isolation: s.single.isolation![0]!,
        informationTheory: m.multi.informationTheory!,
        multiDissimilarity: m.multi.multiDissimilarity!,
      } as Record<NationalIndexKey, number>,
    };
  });
  const me = rows.find((r) => r.council === wanted)!;
  const keys = Object.keys(NATIONAL_INDICES) as NationalIndexKey[];
  // Ranking and peers come from the segregation module's benchmarking (LG Inform-style near
  // neighbours: closest in log population and group shares, see similarPlaces).
  const k = me.shares.length;
  const base: Omit<PeerInput, 'values'> = {
    places: rows.map((r) => r.council),
    regions: rows.map((r) => r.region),
    population: rows.map((r) => r.population),
    groupShares: { values: Float64Array.from(rows.flatMap((r) => r.shares)), k },
  };
  const peerCount = options.peerCount ?? 15;
  const peerNames = similarPlaces(
    { ...base, values: rows.map((r) => r.values.dissimilarity) },
    wanted,
    peerCount,
  ).map((p) => p.place);
  const benchmarks = Object.fromEntries(
    keys.map((key) => [
      key,
      benchmarkPlace({ ...base, values: rows.map((r) => r.values[key]) }, wanted, { peers: peerNames }),
    ]),
  );
  const pick = (which: 'all' | 'region' | 'peers') =>
    Object.fromEntries(
      keys.map((key) => {
        const r = benchmarks[key]![which] as RankIn;
        return [key, { rank: r.rank, of: r.of, percentile: r.percentile }];
      }),
    ) as Record<NationalIndexKey, CouncilRank>;

  // Interval and chance level of the council's own D, from its LSOAs.
  const mineRows: number[] = [];
  byValues.forEach((v, i) => {
    if (v === wanted) mineRows.push(i);
  });
  const x = Float64Array.from(mineRows, (i) => minority[i]!);
  const t = Float64Array.from(mineRows, (i) => total[i]!);
  const seed = options.seed ?? 12345;
  const replicates = options.replicates ?? 999;
  const boot = bootstrapIndex(x, t, { index: 'dissimilarity', iterations: replicates, seed, level: 0.95 });
  const expected = dissimilarityExpected(x, t, { iterations: 100, seed });

  return {
    council: wanted,
    region: me.region,
    year: 2011,
    councils: rows.length,
    lsoas: me.lsoas,
    population: me.population,
    values: me.values,
    dissimilarityCi: { ci: boot.ci, level: boot.level, replicates, expected: expected.expected },
    national: pick('all'),
    region_rank: pick('region'),
    peers: {
      method: `the ${peerCount} councils nearest in standardised log population and the shares of the ${k} census groups, size and mix weighing equally`,
      names: peerNames,
      rank: pick('peers'),
    },
    table: rows.map(({ council: c, region, population, values }) => ({
      council: c,
      region,
      population,
      values,
    })),
  };
}
