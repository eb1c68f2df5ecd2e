// Census layouts, council look-up and rank sentences: hand-made headers and hand-worked numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CohesionError, parseCsv } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import {
  areaKind,
  COUNCIL_NAMES_FOR_TEST,
  compareCensuses,
  councilKey,
  describeRank,
  findCouncil,
  geographyLabel,
  rankShare,
  readCensusTable,
  recogniseLayout,
} from './census-helpers.js';

const TS021_DETAIL = [
  'Asian, Asian British or Asian Welsh: Bangladeshi',
  'Asian, Asian British or Asian Welsh: Chinese',
  'Asian, Asian British or Asian Welsh: Indian',
  'Asian, Asian British or Asian Welsh: Pakistani',
  'Asian, Asian British or Asian Welsh: Other Asian',
  'Black, Black British, Black Welsh, Caribbean or African: African',
  'Black, Black British, Black Welsh, Caribbean or African: Caribbean',
  'Black, Black British, Black Welsh, Caribbean or African: Other Black',
  'Mixed or Multiple ethnic groups: White and Asian',
  'Mixed or Multiple ethnic groups: White and Black African',
  'Mixed or Multiple ethnic groups: White and Black Caribbean',
  'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups',
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: Irish',
  'White: Gypsy or Irish Traveller',
  'White: Roma',
  'White: Other White',
  'Other ethnic group: Arab',
  'Other ethnic group: Any other ethnic group',
];
const KS201_DETAIL = [
  'White: English/Welsh/Scottish/Northern Irish/British',
  'White: Irish',
  'White: Gypsy or Irish Traveller',
  'White: Other White',
  'Mixed/multiple ethnic group: White and Black Caribbean',
  'Mixed/multiple ethnic group: White and Black African',
  'Mixed/multiple ethnic group: White and Asian',
  'Mixed/multiple ethnic group: Other Mixed',
  'Asian/Asian British: Indian',
  'Asian/Asian British: Pakistani',
  'Asian/Asian British: Bangladeshi',
  'Asian/Asian British: Chinese',
  'Asian/Asian British: Other Asian',
  'Black/African/Caribbean/Black British: African',
  'Black/African/Caribbean/Black British: Caribbean',
  'Black/African/Caribbean/Black British: Other Black',
  'Other ethnic group: Arab',
  'Other ethnic group: Any other ethnic group',
];

describe('recogniseLayout', () => {
  it('Census 2021 TS021 as Nomis writes it: broad subtotals left out, year 2021, White British the reference', () => {
    const header = [
      'date',
      'geography',
      'geography code',
      'Ethnic group: Total: All usual residents',
      'Ethnic group: Asian, Asian British or Asian Welsh',
      ...TS021_DETAIL.map((d) => `Ethnic group: ${d}`),
    ];
    const l = recogniseLayout(header)!;
    expect(l).toMatchObject({
      name: 'Census 2021 TS021',
      year: 2021,
      total: 'Ethnic group: Total: All usual residents',
    });
    expect(l.groups).toHaveLength(19);
    expect(l.reference).toBe('Ethnic group: White: English, Welsh, Scottish, Northern Irish or British');
    expect(l.groups.filter((g) => g.white).map((g) => g.label)).toHaveLength(5);
  });

  it('Census 2011 KS201EW (Nomis bulk, "; measures: Value") is 2011 with 18 groups', () => {
    const header = [
      'date',
      'geography',
      'geography code',
      'Rural Urban',
      'Ethnic Group: All usual residents; measures: Value',
      'Ethnic Group: White; measures: Value',
      ...KS201_DETAIL.map((d) => `Ethnic Group: ${d}; measures: Value`),
    ];
    const l = recogniseLayout(header)!;
    expect(l).toMatchObject({ name: 'Census 2011 KS201EW', year: 2011 });
    expect(l.groups).toHaveLength(18);
    expect(l.groups.find((g) => g.label === 'White: Irish')!.white).toBe(true);
  });

  it('the MLID short names are 2011, with Gypsy or Irish Traveller as the remainder (White)', () => {
    const l = recogniseLayout(
      'LSOA11CD,Persons,WhiteBrit,Irish,OtherWhite,Mixed,Indian,Pakistani,Bangladeshi,Chinese,OtherAsian,BlkAfrican,BlkCaribbean,OtherBlk,Arab,Other'.split(
        ',',
      ),
    )!;
    expect(l).toMatchObject({ year: 2011, total: 'Persons', reference: 'WhiteBrit' });
    expect(l.rest).toEqual({ label: 'White: Gypsy or Irish Traveller', white: true });
  });

  it('anything else is not recognised', () => {
    expect(recogniseLayout(['code', 'All', 'White_Engl', 'Asian_Paki'])).toBeNull();
  });
});

describe('readCensusTable', () => {
  const mlid =
    'LSOA11CD,Persons,WhiteBrit,Irish,OtherWhite,Mixed,Indian,Pakistani,Bangladeshi,Chinese,OtherAsian,BlkAfrican,BlkCaribbean,OtherBlk,Arab,Other\n' +
    // Oldham E01005320 (Census 2011, MLID): Irish and Other White are White.
    'E01005320,1913,804,9,88,74,44,690,117,2,40,26,7,2,1,9\n';

  it('2011 Irish and Other White count as White: non-White share 0.529, not 0.580', () => {
    const t = readCensusTable(parseCsv(mlid, 'mlid.csv'), ['E01005320']);
    const nonWhite = t.groups.filter((g) => g.white === false).reduce((a, g) => a + g.counts[0]!, 0);
    // Listed groups sum to 1913, so no Gypsy/Traveller remainder; non-White = 1913 − 804 − 9 − 88 = 1012.
    expect(nonWhite).toBe(1012);
    expect(nonWhite / 1913).toBeCloseTo(0.529, 3);
    // The old reading counted Irish and Other White as not White: (1012 + 9 + 88) / 1913 = 0.580.
    expect((nonWhite + 9 + 88) / 1913).toBeCloseTo(0.58, 3);
    expect(t).toMatchObject({ year: 2011, layout: 'Census 2011 KS201EW (MLID short names)' });
  });

  it('an unrecognised layout without a reference group is one clear error, never a guess', () => {
    const t = parseCsv('code,All,White_Engl,Asian_Paki\nE05000001,10,6,4\n', 'cut.csv');
    expect(() => readCensusTable(t, ['E05000001'], { id: 'code', total: 'All' })).toThrow(
      /cut\.csv: the census layout is not recognised .*give --reference-group COL and --year 2011\|2021/,
    );
    expect(() =>
      readCensusTable(t, ['E05000001'], { id: 'code', total: 'All', referenceGroup: 'White_Engl' }),
    ).toThrow(/its year is unknown; give --year 2011 or 2021/);
    const ok = readCensusTable(t, ['E05000001'], {
      id: 'code',
      total: 'All',
      groups: ['White_Engl', 'Asian_Paki'],
      referenceGroup: 'White_Engl',
      year: 2021,
    });
    expect(ok).toMatchObject({ layout: null, year: 2021, reference: 0 });
    expect(ok.groups.map((g) => g.white)).toEqual([null, null]);
  });

  it('notes use thousands separators and say "1 row", not "1 rows"', () => {
    const t = parseCsv('code,All,A,B\nE01000001,40000,1000,1649\nE01000002,10,5,5\n', 'x.csv');
    const opts = { id: 'code', total: 'All', groups: ['A', 'B'], referenceGroup: 'A', year: 2021 as const };
    const notes = readCensusTable(t, ['E01000001'], opts).notes;
    expect(notes).toContain('1 row of x.csv is for areas outside the map and was not used.');
    expect(notes.some((n) => n.startsWith('37,351 residents are in no listed group column;'))).toBe(true);
    const two = parseCsv('code,All,A,B\nE01000001,11,5,5\nE01000002,10,5,5\nE01000003,10,5,5\n', 'y.csv');
    const notes2 = readCensusTable(two, ['E01000001'], opts).notes;
    expect(notes2).toContain('2 rows of y.csv are for areas outside the map and were not used.');
    expect(notes2.some((n) => n.startsWith('1 resident is in no listed group column;'))).toBe(true);
  });

  it('two files of different councils share no codes: one line that says so', () => {
    const t = readCensusTable.bind(null, parseCsv(mlid, 'trafford.csv'));
    expect(() => t(['E01004766', 'E01004767'], { areasSource: 'bolton.geojson' })).toThrow(
      /none of the 2 areas of bolton\.geojson .* is in trafford\.csv .*same council/,
    );
  });

  it('groups adding up to more than the total are an error naming the area', () => {
    const t = parseCsv('code,All,A,B\nE01000001,10,6,5\n', 'x.csv');
    expect(() =>
      readCensusTable(t, null, { id: 'code', total: 'All', referenceGroup: 'A', year: 2021 }),
    ).toThrow(/add up to 11 in area E01000001, more than its total 10/);
  });

  it('geography labels come from the codes and the year', () => {
    expect(geographyLabel(['E01006074', 'W01000001'], 2011)).toBe('LSOA 2011');
    expect(geographyLabel(['E05000819'], 2021)).toBe('ward');
    expect(geographyLabel(['E00012345'], 2021)).toBe('OA 2021');
  });
});

/** The error a function throws (a CohesionError), or a failure when it throws none. */
function caught(f: () => unknown): CohesionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CohesionError);
    return e as CohesionError;
  }
  throw new Error('no error');
}

const DATA = join(__dirname, '..', '..', '..', 'data', 'trafford');
const traffordTable = (file: string, text = readFileSync(join(DATA, file), 'utf8')) =>
  parseCsv(text, `data/trafford/${file}`);

describe('census tables: year, total rows and the code column', () => {
  it('a --year contradicting a recognised layout is INVALID_ARGUMENT naming both years and the flag', () => {
    const t = traffordTable('ethnicity_2011_lsoa_MLID.csv');
    const e = caught(() => readCensusTable(t, null, { year: 2021 }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(
      /is a Census 2011 table \(Census 2011 KS201EW \(MLID short names\)\), but --year says 2021/,
    );
    const b = caught(() =>
      readCensusTable(traffordTable('ethnicity_2021_lsoa_wide.csv'), null, {
        year: 2011,
        flags: { year: '--before-year' },
      }),
    );
    expect(b.message).toMatch(/is a Census 2021 table \(Census 2021 TS021\), but --before-year says 2011/);
    expect(readCensusTable(t, null, { year: 2011 }).year).toBe(2011);
  });

  it('a "Total" row of column sums is TOTAL_ROW naming row, code and line; for a map it is a row outside it', () => {
    const csv = readFileSync(join(DATA, 'ethnicity_2011_lsoa_MLID.csv'), 'utf8');
    const t = parseCsv(csv);
    const sums = t.columns.map((c, j) =>
      j === 0
        ? 'Total'
        : /^\d+$/.test(t.rows[0]![c]!)
          ? String(t.rows.reduce((a, r) => a + Number(r[c]), 0))
          : '',
    );
    const withTotal = traffordTable('totalrow.csv', `${csv.trimEnd()}\n${sums.join(',')}\n`);
    const e = caught(() => readCensusTable(withTotal, null));
    expect(e.code).toBe('TOTAL_ROW');
    expect(e.detail).toMatchObject({ row: 138, id: 'Total' });
    expect(e.message).toMatch(
      /totalrow\.csv: row 139 \(Total\), line 140 counting the header, looks like a total/,
    );
    // Read for the map's areas, the Total row matches no area and is left out (noted), as before.
    const ids = t.rows.map((r) => r.LSOA11CD!);
    const forMap = readCensusTable(withTotal, ids);
    expect(forMap.notes.join(' ')).toMatch(/1 row of .* is for areas outside the map and was not used/);
  });

  it('the most detailed code column is guessed: an output-area file is read by OA11CD, not its LSOA11CD', () => {
    const oa = readCensusTable(traffordTable('ethnicity_2011_oa_MLID.csv'), null);
    expect(oa.ids).toHaveLength(731);
    expect(oa.ids[0]).toMatch(/^E00/);
  });

  it('a guessed code column that repeats codes says which flag reads another column', () => {
    const csv = readFileSync(join(DATA, 'ethnicity_2011_oa_MLID.csv'), 'utf8').replace(
      /^OA11CD,/,
      'oa_code,',
    );
    const t = traffordTable('oa.csv', csv);
    const e = caught(() => readCensusTable(t, null, { flags: { id: '--before-id' } }));
    expect(e.code).toBe('DUPLICATE_CODE');
    expect(e.message).toMatch(
      /appears twice in "LSOA11CD".*guessed as "LSOA11CD"; give --before-id COL to read another, e\.g\. --before-id oa_code/,
    );
    // Named on purpose, the repeated codes stay the plain error.
    const named = caught(() => readCensusTable(t, null, { id: 'LSOA11CD' }));
    expect(named.message).not.toMatch(/guessed/);
  });
});

describe('compareCensuses: the same kind of area in both censuses', () => {
  const fast = { replicates: 9, iterations: 9 };
  const read = (file: string, id?: string) => readCensusTable(traffordTable(file), null, id ? { id } : {});

  it('ONS code prefixes name the kind of area', () => {
    expect(areaKind('E00030771')?.kind).toBe('OA');
    expect(areaKind('W01000001')?.kind).toBe('LSOA');
    expect(areaKind('E02001283')?.kind).toBe('MSOA');
    expect(areaKind('E05000819')?.plural).toBe('wards');
    expect(areaKind('E08000009')?.kind).toBe('local authority');
    expect(areaKind('Total')).toBeNull();
  });

  it('LSOAs against wards is INVALID_ARGUMENT naming both kinds', () => {
    const e = caught(() =>
      compareCensuses(read('ethnicity_2011_lsoa_MLID.csv'), read('ethnicity_2021_ward22_wide.csv'), fast),
    );
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(
      /the earlier file \(.*\) has LSOAs, the later one \(.*\) wards: a change needs the same kind of area/,
    );
  });

  it('output areas against LSOAs is INVALID_ARGUMENT naming both kinds', () => {
    const e = caught(() =>
      compareCensuses(
        read('ethnicity_2011_oa_MLID.csv', 'OA11CD'),
        read('ethnicity_2021_lsoa_wide.csv'),
        fast,
      ),
    );
    expect(e.message).toMatch(
      /has output areas, the later one .* LSOAs: a change needs the same kind of area/,
    );
  });

  it('one file mixing kinds of area is an error naming the odd code', () => {
    const csv = readFileSync(join(DATA, 'ethnicity_2011_lsoa_MLID.csv'), 'utf8').replace(
      /\nE01006075,/,
      '\nE05000819,',
    );
    const mixed = readCensusTable(traffordTable('mixed.csv', csv), null);
    const e = caught(() => compareCensuses(mixed, read('ethnicity_2021_lsoa_wide.csv'), fast));
    expect(e.message).toMatch(
      /the earlier file \(.*mixed\.csv\) mixes LSOAs \(E01006074\) and wards \(E05000819, row 2\)/,
    );
  });

  it('LSOA 2011 against LSOA 2021 of the same council still compares, with the LSOA boundary note', () => {
    const c = compareCensuses(
      read('ethnicity_2011_lsoa_MLID.csv'),
      read('ethnicity_2021_lsoa_wide.csv'),
      fast,
    );
    expect(c.notes.join(' ')).toMatch(/LSOA boundaries were revised for 2021/);
  });
});

describe('findCouncil', () => {
  const names = COUNCIL_NAMES_FOR_TEST;
  it('forgives "&", case, punctuation and "Council"', () => {
    expect(councilKey('Brighton & Hove City Council')).toBe(councilKey('brighton and hove'));
    expect(findCouncil('Brighton & Hove', names)).toBe('Brighton and Hove');
    expect(findCouncil('TRAFFORD COUNCIL', names)).toBe('Trafford');
    expect(findCouncil('kingston upon hull', names)).toBe('Kingston upon Hull, City of');
    expect(findCouncil('St. Helens', names)).toBe('St. Helens');
    expect(findCouncil('st helens', names)).toBe('St. Helens');
  });

  it('takes ONS codes, 2019 codes in England and W06 in Wales', () => {
    expect(findCouncil('E08000009', names)).toBe('Trafford');
    expect(findCouncil('e08000009', names)).toBe('Trafford');
    expect(findCouncil('W06000015', names)).toBe('Cardiff');
    expect(() => findCouncil('E06000058', names)).toThrow(
      /formed after 2011 from Bournemouth, Christchurch, Poole/,
    );
    expect(() => findCouncil('E08999999', names)).toThrow(/UNMATCHED|not a council/);
  });

  it('a name matching nothing suggests near misses', () => {
    expect(() => findCouncil('Trafort', names)).toThrow(/did you mean "Trafford"/);
    expect(() => findCouncil('Narnia', names)).toThrow(/^council "Narnia" is not in the national table$/);
  });
});

describe('describeRank', () => {
  it('never says more than 100% or less than 0%, and reads right at both ends', () => {
    const of = 348;
    for (let rank = 1; rank <= of; rank++) {
      const s = describeRank({ rank, of, percentile: (100 * (of - rank + 0.5)) / of, tied: 0 });
      const m = /\((\d+)%\)/.exec(s);
      if (m) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(0);
        expect(Number(m[1])).toBeLessThan(100);
      }
      expect(s).not.toMatch(/above 100%/);
    }
    expect(describeRank({ rank: 1, of, percentile: 99.9, tied: 0 })).toBe('the highest of 348 councils');
    expect(describeRank({ rank: 348, of, percentile: 0.1, tied: 0 })).toBe('the lowest of 348 councils');
    expect(describeRank({ rank: 57, of, percentile: 83.8, tied: 0 })).toBe(
      '57th highest of 348 councils: higher than 291 of the other 347 (84%)',
    );
  });

  it('rounds the share to nearest, with only none or all reading 0% or 100%', () => {
    const of = 348;
    // 345 of 347 = 99.4%, 1 of 347 = 0.3%: shown as 99% and 1%, never 100% or 0%.
    expect(describeRank({ rank: 3, of, percentile: 99, tied: 0 })).toMatch(
      /higher than 345 of the other 347 \(99%\)$/,
    );
    expect(describeRank({ rank: 347, of, percentile: 0.4, tied: 0 })).toMatch(
      /higher than 1 of the other 347 \(1%\)$/,
    );
    expect(rankShare(0, 347)).toBe(0);
    expect(rankShare(347, 347)).toBe(100);
    expect(rankShare(173.5, 347)).toBe(50);
  });
});
