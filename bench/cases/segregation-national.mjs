/**
 * Every segregation index for every council of a national table in one pass (issue 3): all 34,753
 * LSOAs × 14 groups of Census 2011 ethnicity, grouped by council (LAD11NM).
 */

import { readFileSync } from 'node:fs';
import { parseCsv, segregationByGroup } from '@cohesion/geo';
import { AgreementError, close } from '../lib/agreement.mjs';
import { baselineSegregationByCouncil } from '../lib/segregation-baseline.mjs';

const GROUPS = [
  'WhiteBrit',
  'Irish',
  'OtherWhite',
  'Mixed',
  'Indian',
  'Pakistani',
  'Bangladeshi',
  'Chinese',
  'OtherAsian',
  'BlkAfrican',
  'BlkCaribbean',
  'OtherBlk',
  'Arab',
  'Other',
];
const CHECKED = ['dissimilarity', 'isolation', 'exposure', 'entropy', 'gini'];

/** @param {import('../lib/context.mjs').BenchContext} ctx */
function loadTable(ctx) {
  return parseCsv(readFileSync(ctx.input.table, 'utf8'), ctx.input.table);
}

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'segregation-national',
  group: 'segregation',
  title: 'All segregation indices for every council (14 groups)',
  description:
    'Ours: `segregationByGroup` — every default single-group index (D, Gini, entropy H, isolation, exposure, ' +
    'correlation ratio, Atkinson b = 0.5, MinMax, concentration profile, density-corrected D) for each of the 14 ' +
    'Census 2011 ethnic groups vs the rest, plus every multigroup index (with the "rest" column), for every council ' +
    '(`LAD11NM`) of the table, from typed-array columns (CSV parsing not timed). No packaged peer computes these ' +
    '(PySAL `segregation` is not in Debian), so the peer is a **plain-JS baseline** computing only five of the ' +
    'indices (D, isolation, exposure, entropy H, Gini) the way they are usually written (row objects grouped per ' +
    'council, Array methods, all-pairs Gini). Agreement: those five indices for every council and group to 1e-9 relative.',
  sizes: ['gm-lsoa11', 'ew-lsoa11'],
  quickSizes: ['trafford-lsoa11'],
  setup(ctx) {
    const table = loadTable(ctx);
    const col = (/** @type {string} */ c) => Float64Array.from(table.rows, (r) => Number(r[c]));
    return {
      input: {
        groups: GROUPS.map(col),
        groupNames: GROUPS,
        total: col('Persons'),
        ids: table.rows.map((r) => r.LSOA11CD),
        totalColumn: 'Persons',
      },
      by: table.rows.map((r) => r.LAD11NM),
    };
  },
  run: (s) => segregationByGroup(s.input, s.by),
  summarize(result) {
    /** @type {Record<string, Record<string, number[]>>} */
    const out = {};
    result.places.forEach((name, p) => {
      const r = result.results[p];
      out[name] = Object.fromEntries(CHECKED.map((k) => [k, Array.from(r.single[k])]));
    });
    return out;
  },
  peers: [
    {
      name: 'plain-JS baseline',
      setup: (ctx) => loadTable(ctx).rows,
      run: (rows) => baselineSegregationByCouncil(rows, GROUPS, 'Persons', 'LAD11NM'),
      summarize: (r) => r,
      check(ours, theirs) {
        const places = Object.keys(ours);
        if (places.length !== Object.keys(theirs).length)
          throw new AgreementError(
            `ours has ${places.length} councils, baseline ${Object.keys(theirs).length}`,
          );
        let n = 0;
        for (const p of places) {
          for (const k of CHECKED) {
            const a = ours[p][k];
            const b = theirs[p]?.[k];
            for (let g = 0; g < GROUPS.length; g++) {
              const x = a[g] ?? Number.NaN;
              const y = b?.[g] ?? Number.NaN;
              // JSON turns NaN into null: both "undefined for this group" compare equal.
              if ((x == null || Number.isNaN(x)) && (y == null || Number.isNaN(y))) continue;
              if (!close(x, y, { rel: 1e-9, abs: 1e-12 }))
                throw new AgreementError(`${k} of ${GROUPS[g]} in ${p}: ours ${x} vs baseline ${y}`);
              n++;
            }
          }
        }
        return `${n} index values (5 indices × 14 groups × ${places.length} councils) within 1e-9`;
      },
    },
  ],
  notes: [
    'Ours computes 10 single-group indices × 14 groups + 12 multigroup indices per council; the baseline only 5 × 14, so the ratio understates the difference in work.',
  ],
};
