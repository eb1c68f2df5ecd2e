import {
  bootstrapIndex,
  CohesionError,
  DEFAULT_EXPECTED_REPLICATES,
  dissimilarityExpected,
  localSegregation,
  locationQuotientValues,
  multiGroupProfile,
  numericColumn,
  readAreas,
  readCsv,
  type SingleGroupIndexName,
  segregationIndices,
  singleGroupProfile,
  spatialAreas,
  tableIdIndex,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { type CensusTable, geographyLabel, groupName } from '../census.js';
import { CHANGE_INDICES, compareCensuses } from '../change.js';
import { type Build, readCensus, readCensusAlone } from './inputs.js';
import type { CouncilReport, HeadlineIndex } from './types.js';

/** The census sections: segregation over the council's areas, the change since an earlier census, deprivation. */

/** Radii of the multiscalar profile, metres. */
const PROFILE_DISTANCES = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000];
const short = groupName;

/** `Asian, Asian British or Asian Welsh: Pakistani` → `pakistani`; `White: Other White` → `other_white`. */
export function groupSlug(group: string): string {
  return group
    .replace(/^[^:]*: /, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** What the census section reads and works out, for the sections after it. */
export interface CensusContext {
  areas: FeatureCollection;
  idProp: string;
  ids: string[];
  census: CensusTable;
  year: number;
  geography: string;
  groupNames: string[];
  groups: Float64Array[];
  total: Float64Array;
  minority: Float64Array;
  minorityLabel: string;
  /** Minority share of each area (NaN where nobody lives). */
  share: Float64Array;
  /** Whether the layout says which groups are White. */
  whiteKnown: boolean;
  /** Groups of the LGA's focus areas (non-White, or everyone but the reference group). */
  focusGroups: number[];
  focusWord: string;
  nonWhiteShare: Float64Array;
  /** Each area's properties in the results (the data of every map), filled by every section. */
  props: Record<string, unknown>[];
}

/**
 * Census segregation over the council's areas: single-group and multigroup indices with bootstrap
 * intervals, the multiscalar profile, and each area's shares, location quotient and Elbers' local score.
 */
export async function censusSection(b: Build): Promise<CensusContext> {
  const { inputs, notes, report } = b;
  const { seed, replicates } = b.settings;
  const areas = await readAreas(inputs.areas);
  const idProp = inputs.id;
  // The areas model, read once: the ids every section keys on and the BNG points of the profiles.
  const points = spatialAreas(areas, { idProperty: idProp });
  const ids = points.ids as string[];
  const census = await readCensus(inputs.census, areas, ids, inputs.areas, idProp);
  notes.push(...census.notes);
  const year = census.year;
  const geography = inputs.census.geography ?? geographyLabel(ids, year);
  const groupNames = census.groups.map((g) => g.label);
  const groups = census.groups.map((g) => g.counts);
  const total = census.total;
  const ref = census.reference;
  const refLabel = groupNames[ref]!;
  const minority = Float64Array.from(total, (t, i) => t - groups[ref]![i]!);
  const minorityLabel = `not ${short(refLabel)}`;
  // The report's seven single-group indices, the same list the change section compares.
  const single: SingleGroupIndexName[] = [...CHANGE_INDICES];
  const one = segregationIndices(
    {
      groups: [minority],
      groupNames: [minorityLabel],
      total,
      ids,
      totalColumn: census.totalColumn,
      source: census.source,
    },
    { single },
  );
  const all = segregationIndices(
    { groups, groupNames, total, ids, totalColumn: census.totalColumn, source: census.source },
    {
      single: ['dissimilarity'],
      multi: ['multiDissimilarity', 'informationTheory', 'mutualInformation', 'simpsonsInteraction'],
    },
  );
  const s1 = (k: keyof typeof one.single) => one.single[k]![0]!;
  const k = groupNames.length;
  const counts = new Float64Array(ids.length * k);
  for (let i = 0; i < ids.length; i++) for (let m = 0; m < k; m++) counts[i * k + m] = groups[m]![i]!;
  const distances = PROFILE_DISTANCES;
  const singleProfile = singleGroupProfile(points, minority, total, {
    distances,
    indices: ['dissimilarity'],
  });
  const multiProfile = multiGroupProfile(
    points,
    { counts, k },
    { distances, indices: ['multiDissimilarity', 'informationTheory'] },
  );
  const T = one.populationTotal;
  const withCi = (key: SingleGroupIndexName, label: string): HeadlineIndex => {
    const b = bootstrapIndex(minority, total, { index: key, replicates, seed, ids, level: 0.95 });
    return { key, label, value: s1(key), ci: b.ci, se: b.standardError };
  };
  const expected = dissimilarityExpected(minority, total, {
    replicates: DEFAULT_EXPECTED_REPLICATES,
    seed,
    ids,
  });
  const whiteKnown = census.groups.every((g) => g.white !== null);
  const segregation: NonNullable<CouncilReport['segregation']> = {
    year,
    geography,
    layout: census.layout,
    referenceGroup: refLabel,
    minorityGroups: groupNames.filter((_, m) => m !== ref),
    whiteGroups: whiteKnown ? census.groups.filter((g) => g.white).map((g) => g.label) : null,
    source: census.source,
    totalColumn: census.totalColumn,
    areas: ids.length,
    population: T,
    minorityLabel,
    minorityShare: one.groupTotals[0]! / T,
    expectedDissimilarity: {
      expected: expected.expected,
      standardError: expected.standardError,
      iterations: expected.replicates,
    },
    bootstrap: { level: 0.95, replicates, resample: 'persons' },
    single: [
      withCi('dissimilarity', 'Index of dissimilarity D'),
      withCi('gini', 'Gini index'),
      withCi('entropy', 'Entropy index H (Theil)'),
      withCi('isolation', 'Isolation xPx'),
      withCi('exposure', `Exposure to ${short(refLabel)} residents xPy`),
      withCi('correlationRatio', 'Correlation ratio η²'),
      withCi('atkinson', 'Atkinson (b = 0.5)'),
    ],
    multi: [
      {
        key: 'multiDissimilarity',
        label: 'Multigroup dissimilarity D',
        value: all.multi.multiDissimilarity!,
      },
      { key: 'informationTheory', label: 'Information theory index H', value: all.multi.informationTheory! },
      { key: 'mutualInformation', label: 'Mutual information M (nats)', value: all.multi.mutualInformation! },
      { key: 'simpsonsInteraction', label: "Simpson's interaction", value: all.multi.simpsonsInteraction! },
    ],
    byGroup: groupNames.map((g, m) => ({
      group: g,
      share: all.groupTotals[m]! / all.populationTotal,
      dissimilarity: all.single.dissimilarity![m]!,
    })),
    profile: distances.map((distance, j) => ({
      distance,
      dissimilarity: singleProfile[j]!.indices.dissimilarity!,
      multiDissimilarity: multiProfile[j]!.indices.multiDissimilarity!,
      informationTheory: multiProfile[j]!.indices.informationTheory!,
    })),
  };

  // Local segregation: minority share, its location quotient, Elbers' local ls (all groups).
  const share = Float64Array.from(minority, (x, i) => (total[i]! > 0 ? x / total[i]! : Number.NaN));
  const lq = locationQuotientValues(minority, total);
  const ls = localSegregation({ counts, k }, { ids, groupColumns: groupNames });
  // The LGA's 40% threshold is on residents from non-White groups when the layout says which groups
  // are White (every recognised layout, 2011 ones included); otherwise on everyone but the reference group.
  const focusGroups = whiteKnown
    ? census.groups.map((g, m) => (g.white ? -1 : m)).filter((m) => m >= 0)
    : census.groups.map((_, m) => (m === ref ? -1 : m)).filter((m) => m >= 0);
  const focusWord = whiteKnown ? 'non-White' : minorityLabel;
  const nonWhiteShare = Float64Array.from(total, (t, i) => {
    let s = 0;
    for (const m of focusGroups) s += groups[m]![i]!;
    return t > 0 ? s / t : Number.NaN;
  });
  const nameProp = inputs.nameProperty ?? 'area_name';
  const props: Record<string, unknown>[] = ids.map((id, i) => ({
    area_code: id,
    area_name: String(areas.features[i]!.properties?.[nameProp] ?? id),
    population: total[i]!,
    minority_share: share[i]!,
    non_white_share: nonWhiteShare[i]!,
    minority_lq: lq[i]!,
    local_segregation: ls.ls[i]!,
  }));
  const shareKeys = groupNames.map((g) => `share_${groupSlug(g)}`);
  groupNames.forEach((_, m) => {
    props.forEach((p, i) => {
      p[shareKeys[m]!] = total[i]! > 0 ? groups[m]![i]! / total[i]! : Number.NaN;
    });
  });
  let largest = -1;
  groupNames.forEach((_, m) => {
    if (m !== ref && (largest < 0 || all.groupTotals[m]! > all.groupTotals[largest]!)) largest = m;
  });
  if (largest >= 0)
    segregation.largestGroup = {
      name: groupNames[largest]!,
      property: shareKeys[largest]!,
      share: all.groupTotals[largest]! / all.populationTotal,
      dissimilarity: all.single.dissimilarity![largest]!,
    };
  report.segregation = segregation;
  return {
    areas,
    idProp,
    ids,
    census,
    year,
    geography,
    groupNames,
    groups,
    total,
    minority,
    minorityLabel,
    share,
    whiteKnown,
    focusGroups,
    focusWord,
    nonWhiteShare,
    props,
  };
}

/** The change since the earlier census (`compareCensuses`), or why it is absent. */
export async function changeSection(b: Build, c: CensusContext): Promise<void> {
  const { inputs, absent, report } = b;
  const { seed, replicates } = b.settings;
  const { census, geography } = c;
  if (inputs.before) {
    const before = await readCensusAlone(inputs.before);
    const beforeGeo = inputs.before.geography ?? geographyLabel(before.ids, before.year);
    report.change = compareCensuses(before, census, {
      seed,
      replicates,
      iterations: replicates,
      geography: [beforeGeo, geography],
      // Each group is shown with D only; the seven indices are for the headline comparison.
      groupIndices: ['dissimilarity'],
    });
  } else {
    absent.push({
      section: 'change',
      reason: 'no earlier census given (--before CSV with the 2011 counts of the same council)',
    });
  }
}

/** Deprivation by IMD decile; returns each area's decile (null where the IMD has no row), or undefined without an IMD file. */
export async function deprivationSection(b: Build, c: CensusContext): Promise<(number | null)[] | undefined> {
  const { inputs, notes, absent, report } = b;
  const { ids, props, total, minority } = c;
  let imdDecile: (number | null)[] | undefined;
  if (inputs.imd) {
    const t = await readCsv(inputs.imd.path);
    const idCol =
      inputs.imd.id ?? (t.columns.includes('LSOA code (2011)') ? 'LSOA code (2011)' : 'area_code');
    const decCol =
      inputs.imd.decile ??
      t.columns.find((c) => /index of multiple deprivation.*decile/i.test(c)) ??
      'imd_decile';
    const dec = numericColumn(t, decCol);
    if (!t.columns.includes(idCol))
      throw new CohesionError('MISSING_COLUMN', `${inputs.imd.path} has no id column "${idCol}" (--imd-id)`, {
        column: idCol,
        source: inputs.imd.path,
      });
    const rowOf = tableIdIndex(t, idCol).index;
    imdDecile = ids.map((id) => {
      const j = rowOf.get(id);
      return j === undefined ? null : dec[j]!;
    });
    const matched = imdDecile.filter((d) => d !== null).length;
    if (matched === 0)
      throw new CohesionError(
        'UNMATCHED_CODE',
        `none of the ${ids.length} areas is in ${inputs.imd.path} (${idCol}): the IMD is by LSOA 2011; are the files for the same council?`,
        { source: inputs.imd.path },
      );
    imdDecile.forEach((d, i) => {
      props[i]!.imd_decile = d;
    });
    const byDecile: NonNullable<CouncilReport['deprivation']>['byDecile'] = [];
    for (let d = 1; d <= 10; d++) {
      let n = 0;
      let pop = 0;
      let mino = 0;
      imdDecile.forEach((x, i) => {
        if (x === d) {
          n++;
          pop += total[i]!;
          mino += minority[i]!;
        }
      });
      if (n > 0)
        byDecile.push({ decile: d, areas: n, population: pop, minorityShare: mino / pop, nearest_m: null });
    }
    report.deprivation = { source: inputs.imd.path, matched, unmatched: ids.length - matched, byDecile };
    if (matched < ids.length)
      notes.push(
        `${ids.length - matched} of ${ids.length} areas have no IMD decile in ${inputs.imd.path} (the IMD 2019 is by LSOA 2011; areas redrawn since are left out of the deprivation figures).`,
      );
  } else {
    absent.push({
      section: 'deprivation',
      reason: 'no deprivation file given (--imd CSV, e.g. IoD2019 file 1)',
    });
  }
  return imdDecile;
}
