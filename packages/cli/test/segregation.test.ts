import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { cohesion, ROOT } from './run-cli.js';

// Spawns the built CLI (`pnpm run build` first), on real files and on small bad CSVs.
const tmp = mkdtempSync(join(tmpdir(), 'cohesion-seg-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
const ref = (p: string) => join(ROOT, 'data', 'reference', p);
const trafford = JSON.parse(readFileSync(ref('trafford_lsoa21/expected.json'), 'utf8'));
const TRAFFORD_CSV = ref('trafford_lsoa21/ethnicity_2021_lsoa_wide.csv');
const MLID_CSV = join(ROOT, 'data/england-wales/ethnicity_2011_lsoa.csv.gz');

function close(actual: number, expected: number, tol = 1e-12) {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(err, `expected ${expected}, got ${actual}`).toBeLessThanOrEqual(tol);
}

function run(args: string[]) {
  const r = cohesion(['segregation', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('cohesion segregation --table', () => {
  it('one --group: the documented keys, equal to the Trafford reference', () => {
    const e = trafford.segregation_single_group_vs_rest.Pakistani;
    const out = run([
      '--table',
      TRAFFORD_CSV,
      '--total',
      'total_usual_residents',
      '--group',
      e.column,
      '--json',
    ]);
    const i = out.indices;
    close(i.dissimilarity, e.D);
    close(i.gini, e.Gini);
    close(i.entropy, e.H_theil);
    close(i.isolation, e.xPx_isolation);
    close(i.exposure, e.xPy_exposure);
    close(i.correlationRatio, e.eta2_correlation_ratio);
    close(i.atkinson, e['Atkinson_b0.5']);
    // Expected D under no segregation is reported next to D; LSOAs are large, so it is small.
    expect(i.dissimilarityExpected).toBeGreaterThan(0);
    expect(i.dissimilarityExpected).toBeLessThan(0.2);
    expect(out.summary).toMatchObject({
      areas: 139,
      groupTotal: e.group_total,
      populationTotal: e.population_total,
    });
  });

  it('--atkinson-b and --index choose what is computed', () => {
    const g = 'Asian, Asian British or Asian Welsh: Indian';
    const a = run(['--table', TRAFFORD_CSV, '--total', 'total_usual_residents', '--group', g, '--json']);
    const b = run([
      ...['--table', TRAFFORD_CSV, '--total', 'total_usual_residents', '--group', g],
      ...['--index', 'dissimilarity,atkinson', '--atkinson-b', '0.1', '--json'],
    ]);
    expect(Object.keys(b.indices).sort()).toEqual(['atkinson', 'dissimilarity']);
    expect(b.indices.dissimilarity).toBe(a.indices.dissimilarity);
    expect(b.indices.atkinson).not.toBe(a.indices.atkinson);
    const all = run([
      ...['--table', TRAFFORD_CSV, '--total', 'total_usual_residents', '--group', g],
      ...['--index', 'all', '--iterations', '20', '--seed', '3', '--json'],
    ]);
    expect(all.indices).toHaveProperty('biasCorrectedDissimilarity');
    expect(all.indices).toHaveProperty('modifiedDissimilarity');
  });

  it('--bootstrap N adds seeded standard errors and intervals', () => {
    const args = ['--table', TRAFFORD_CSV, '--total', 'total_usual_residents'];
    const g1 = 'Asian, Asian British or Asian Welsh: Pakistani';
    const g2 = 'Asian, Asian British or Asian Welsh: Indian';
    const out = run([...args, '--group', g1, '--group', g2, '--bootstrap', '50', '--seed', '4', '--json']);
    const b = out.bootstrap;
    expect(b.iterations).toBe(50);
    // D of the two groups together, and the multigroup M over Pakistani, Indian and the rest.
    expect(b.dissimilarity.estimate).toBe(out.indices.dissimilarity);
    expect(b.mutualInformation.estimate).toBeCloseTo(out.indices.mutualInformation, 14);
    for (const k of ['dissimilarity', 'mutualInformation', 'multiDissimilarity']) {
      expect(b[k].standardError).toBeGreaterThan(0);
      expect(b[k].ci[0]).toBeLessThan(b[k].ci[1]);
    }
    const again = run([...args, '--group', g1, '--group', g2, '--bootstrap', '50', '--seed', '4', '--json']);
    expect(again.bootstrap).toEqual(b);
  });

  it('several --group: multigroup keys equal to the Trafford 19-group reference', () => {
    const m = trafford.segregation_multigroup;
    const args = ['--table', TRAFFORD_CSV, '--total', 'total_usual_residents'];
    for (const g of m.groups) args.push('--group', g);
    const out = run([...args, '--json']);
    const i = out.indices;
    for (const key of [
      'multiDissimilarity',
      'multiGini',
      'informationTheory',
      'mutualInformation',
      'simpsonsInteraction',
      'simpsonsConcentration',
      'normalizedExposure',
      'relativeDiversity',
      'squaredCoefficientOfVariation',
      'diversity',
    ]) {
      expect(typeof i[key], key).toBe('number');
    }
    close(i.multiDissimilarity, m.D_multigroup);
    close(i.informationTheory, m.H_theil_multigroup);
    close(i.mutualInformation, m.M_mutual_information);
    close(i.simpsonsInteraction, m.simpsons_interaction);
    close(i.simpsonsConcentration, m.simpsons_concentration);
    close(i.diversity, m.E_entropy_total);
    // The 19 groups are exhaustive here, so no rest column is added.
    expect(out.summary.multigroupColumns).toHaveLength(19);
    // Each group's own single-group indices.
    const bangladeshi = m.groups[0];
    close(
      out.groups[bangladeshi].indices.dissimilarity,
      trafford.segregation_all_groups_vs_rest[bangladeshi].D,
    );
  });

  it('--by LAD11NM: every council in one pass, equal to expected_lad_D.csv', () => {
    const out = run([
      ...['--table', MLID_CSV, '--total', 'Persons', '--group', 'Pakistani', '--group', 'Bangladeshi'],
      ...['--group', 'Indian', '--group', 'BlkAfrican', '--by', 'LAD11NM', '--json'],
    ]);
    const expected = parseCsv(readFileSync(ref('mlid_ew/expected_lad_D.csv'), 'utf8')).rows;
    expect(Object.keys(out.by)).toHaveLength(348);
    let compared = 0;
    for (const e of expected) {
      const place = out.by[e.LAD11NM!];
      for (const g of ['Pakistani', 'Bangladeshi', 'Indian', 'BlkAfrican']) {
        const want = e[`D_${g}_vs_rest`]!;
        const got = place.groups[g].indices.dissimilarity;
        if (want === '') expect(got).toBeNull();
        else {
          expect(Math.abs(got - Number(want))).toBeLessThanOrEqual(1e-12 * Math.max(Number(want), 1e-300));
          compared++;
        }
      }
      expect(typeof place.indices.multiDissimilarity).toBe('number');
      expect(place.summary.multigroupColumns).toEqual([
        'Pakistani',
        'Bangladeshi',
        'Indian',
        'BlkAfrican',
        'rest',
      ]);
    }
    expect(compared).toBeGreaterThan(1300);
  });
});

describe('cohesion segregation --benchmark', () => {
  it('ranks a council among all, its region and its nearest peers, consistent with the --by values', () => {
    const out = run([
      ...['--table', MLID_CSV, '--total', 'Persons', '--group', 'Pakistani', '--by', 'LAD11NM'],
      ...[
        '--index',
        'dissimilarity',
        '--benchmark',
        'Bradford',
        '--region',
        'RGN11NM',
        '--nearest',
        '5',
        '--json',
      ],
    ]);
    const b = out.benchmark.groups.Pakistani;
    const d = (p: string) => out.by[p].indices.dissimilarity as number | null;
    const mine = d('Bradford')!;
    close(b.value, 0.6717349341572387);
    // Rank = 1 + councils with a higher D (councils with no Pakistani residents have no D and are left out).
    const defined = Object.keys(out.by).filter((p) => d(p) !== null);
    expect(b.all.of).toBe(defined.length);
    expect(b.all.rank).toBe(1 + defined.filter((p) => d(p)! > mine).length);
    expect(b.region.name).toBe('Yorkshire and The Humber');
    expect(b.region.rank).toBe(1 + b.region.places.filter((p: string) => d(p)! > mine).length);
    expect(b.peers.of).toBe(6);
    expect(b.peers.places).toContain('Bradford');
  });

  it('the peers are chosen on the whole ethnic mix, so they do not change with the groups asked for', () => {
    const peersFor = (group: string) =>
      run([
        ...['--table', MLID_CSV, '--total', 'Persons', '--group', group, '--by', 'LAD11NM'],
        ...['--index', 'dissimilarity', '--benchmark', 'Bradford', '--nearest', '5', '--json'],
      ]).benchmark.groups[group].peers.places;
    const a = peersFor('Pakistani');
    expect(a).toHaveLength(6);
    expect(peersFor('Indian')).toEqual(a);
  });
});

describe('cohesion segregation --areas (per-area local indices)', () => {
  it('joins the table to the Trafford LSOAs and writes local indices; Σ p·ls = M', () => {
    const out = join(tmp, 'local.geojson');
    const groups = trafford.segregation_multigroup.groups as string[];
    const args = [
      ...['--areas', ref('trafford_lsoa21/lsoa21_boundaries_generalised.geojson'), '--id', 'area_code'],
      ...['--table', TRAFFORD_CSV, '--table-id', 'area_code', '--total', 'total_usual_residents'],
    ];
    for (const g of groups) args.push('--group', g);
    const summary = run([...args, '--out', out, '--json']);
    close(summary.local.mutualInformation, trafford.segregation_multigroup.M_mutual_information);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features).toHaveLength(139);
    let m = 0;
    for (const f of fc.features) {
      const p = f.properties;
      m += p.localSegregationWeight * p.localSegregation;
      expect(p.localSimpsonsInteraction + p.localSimpsonsConcentration).toBeCloseTo(1, 12);
      expect(p.localEntropy).toBeGreaterThanOrEqual(0);
      expect(p.localEntropy).toBeLessThanOrEqual(1);
      expect(typeof p[`locationQuotient_${groups[0]}`]).toBe('number');
    }
    close(m, trafford.segregation_multigroup.M_mutual_information, 1e-12);
  });

  it('uses the areas’ own properties when no table is given, and writes CSV', () => {
    const areas = write(
      'own.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'A', pop: 40, g: 30 },
            geometry: { type: 'Point', coordinates: [-2.3, 53.4] },
          },
          {
            type: 'Feature',
            properties: { code: 'B', pop: 60, g: 10 },
            geometry: { type: 'Point', coordinates: [-2.31, 53.41] },
          },
        ],
      }),
    );
    const csv = join(tmp, 'own.csv');
    const s = run([
      '--areas',
      areas,
      '--id',
      'code',
      '--total',
      'pop',
      '--group',
      'g',
      '--out',
      csv,
      '--json',
    ]);
    // Worked on paper: D = 7/12 (see the geo package's single-group tests).
    close(s.indices.dissimilarity, 7 / 12, 1e-15);
    const rows = parseCsv(readFileSync(csv, 'utf8')).rows;
    // LQ = (30/40)/(40/100) = 1.875 and (10/60)/(0.4) = 5/12.
    close(Number(rows[0]!.locationQuotient), 1.875, 1e-15);
    close(Number(rows[1]!.locationQuotient), 5 / 12, 1e-15);
  });
});

describe('zero-population areas', () => {
  it('are left out and listed by their 1-based data row', () => {
    const csv = write('zero-row.csv', 'code,total,g\nA,40,30\nB,0,0\nC,60,10\n');
    const out = run(['--table', csv, '--total', 'total', '--group', 'g', '--json']);
    close(out.indices.dissimilarity, 7 / 12, 1e-15);
    expect(out.summary).toMatchObject({ areas: 3, areasUsed: 2, droppedAreas: 1, droppedRows: [2] });
  });
});

describe('bad tables give one line naming the column and row, and a non-zero exit', () => {
  const bad = (name: string, csv: string, group = 'g', total = 'total') => {
    const r = cohesion([
      'segregation',
      '--table',
      write(name, csv),
      '--total',
      total,
      '--group',
      group,
      '--json',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };
  it('negative count', () => {
    const line = bad('neg.csv', 'code,total,g\nA,10,2\nB,10,-1\n');
    expect(line).toMatch(/^cohesion segregation: NEGATIVE_COUNT: /);
    expect(line).toContain('"g"');
    expect(line).toContain('row 2');
  });
  it('group above total', () => {
    const line = bad('over.csv', 'code,total,g\nA,10,2\nB,10,12\n');
    expect(line).toMatch(/GROUP_EXCEEDS_TOTAL/);
    expect(line).toContain('row 2 (B)');
    expect(line).toContain('g (12) exceeds total (10)');
  });
  it('non-numeric', () => {
    const line = bad('nan.csv', 'code,total,g\nA,10,two\nB,10,1\n');
    expect(line).toMatch(/NON_NUMERIC/);
    expect(line).toContain('"g" row 1');
  });
  it('missing column', () => {
    expect(bad('missing.csv', 'code,total,g\nA,10,2\n', 'h')).toMatch(/MISSING_COLUMN.*"h"/);
  });
  it('empty table and all-zero totals', () => {
    expect(bad('empty.csv', 'code,total,g\n')).toMatch(/EMPTY_INPUT/);
    expect(bad('zero.csv', 'code,total,g\nA,0,0\nB,0,0\n')).toMatch(/ZERO_POPULATION/);
  });
  it('a spreadsheet "Total" row (the column sums) is TOTAL_ROW naming it, not one more area', () => {
    // Trafford LSOA 2011 (MLID) with `Total,<column sums>` appended: read as an area, D of Pakistani
    // residents was 0.276 (half the true 0.551) over twice the population.
    const csv = readFileSync(join(ROOT, 'data/trafford/ethnicity_2011_lsoa_MLID.csv'), 'utf8');
    const t = parseCsv(csv);
    const sums = t.columns.map((c, j) =>
      j === 0
        ? 'Total'
        : /^\d+$/.test(t.rows[0]![c]!)
          ? String(t.rows.reduce((a, r) => a + Number(r[c]), 0))
          : '',
    );
    const plain = write('trafford2011.csv', csv);
    const args = ['--total', 'Persons', '--group', 'Pakistani', '--index', 'dissimilarity', '--json'];
    expect(run(['--table', plain, ...args]).indices.dissimilarity).toBeCloseTo(0.551, 3);
    const line = bad('totalrow.csv', `${csv.trimEnd()}\n${sums.join(',')}\n`, 'Pakistani', 'Persons');
    expect(line).toMatch(/^cohesion segregation: TOTAL_ROW: /);
    expect(line).toContain('row 139 (Total), line 140');
    expect(line).toMatch(/looks like a total of the other rows.*remove it/);
  });
  it('unknown index and missing flags are usage errors (exit 2)', () => {
    const csv = write('ok.csv', 'code,total,g\nA,10,2\nB,10,5\n');
    const r = cohesion([
      'segregation',
      '--table',
      csv,
      '--total',
      'total',
      '--group',
      'g',
      '--index',
      'nope',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown index "nope"/);
    expect(cohesion(['segregation', '--table', csv, '--total', 'total']).code).toBe(2);
    const multi = cohesion([
      'segregation',
      '--table',
      csv,
      '--total',
      'total',
      '--group',
      'g',
      '--index',
      'mutualInformation',
    ]);
    expect(multi.code).toBe(2);
    expect(multi.stderr).toMatch(/two or more --group/);
  });
});

describe('segregation --areas --table: a row matching no area', () => {
  // Trafford's 2011 LSOAs with the MLID table plus one row for an area not on the map.
  const areas = join(ROOT, 'data/trafford/lsoa11_boundaries_generalised.geojson');
  const csv = readFileSync(join(ROOT, 'data/trafford/ethnicity_2011_lsoa_MLID.csv'), 'utf8').trimEnd();
  // A copy of the first row under a code that is on no map.
  const extraRow = csv.split('\n')[1]!.replace(/^E01006074,/, 'E01999999,');
  const rows = csv.split('\n').length - 1;
  const args = (table: string, ...extra: string[]) => [
    'segregation',
    ...['--areas', areas, '--id', 'area_code', '--table', table, '--table-id', 'LSOA11CD'],
    ...['--total', 'Persons', '--group', 'Pakistani', '--json', ...extra],
  ];

  it('is UNMATCHED_CODE naming the code and row, never silently left out', () => {
    const table = write('mlid_extra.csv', `${csv}\n${extraRow}\n`);
    const r = cohesion(args(table));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^cohesion segregation: UNMATCHED_CODE: 1 row\\(s\\) of .*mlid_extra\\.csv match no area \\(first: E01999999 on row ${rows + 1}\\); pass --allow-extra-rows`,
      ),
    );
  });

  it('--allow-extra-rows leaves it out on purpose: the same result as the table without it', () => {
    const table = write('mlid_extra.csv', `${csv}\n${extraRow}\n`);
    const withExtra = cohesion(args(table, '--allow-extra-rows'));
    expect(withExtra.code, withExtra.stderr).toBe(0);
    const plain = cohesion(args(join(ROOT, 'data/trafford/ethnicity_2011_lsoa_MLID.csv')));
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(withExtra.stdout)).toEqual(JSON.parse(plain.stdout));
    const alone = cohesion([
      'segregation',
      '--table',
      table,
      '--total',
      'Persons',
      '--group',
      'Pakistani',
      '--json',
      '--allow-extra-rows',
    ]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--allow-extra-rows goes with --areas FILE --table CSV/);
  });
});
