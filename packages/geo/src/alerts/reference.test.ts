// Reproduces R surveillance's earsC and farringtonFlexible on the package's own example series
// (data/reference/r-surveillance, written by make_reference.R there).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EarsMethod, ears } from './ears.js';
import { type FarringtonOptions, farrington } from './farrington.js';

const DIR = fileURLToPath(new URL('../../../../data/reference/r-surveillance/', import.meta.url));
const TOL = 1e-9;

interface Case {
  series: string;
  method: 'ears' | 'farrington';
  control: Record<string, unknown>;
  range: [number, number];
  upperbound: (number | null)[];
  expected?: (number | null)[] | null;
  alarm: (boolean | null)[];
}

const series = new Map<string, { freq: number; counts: number[] }>();
for (const line of readFileSync(`${DIR}series.csv`, 'utf8').trim().split('\n').slice(1)) {
  const [name, freq, , , counts] = line.split(',') as [string, string, string, string, string];
  series.set(name, { freq: Number(freq), counts: counts.split(' ').map(Number) });
}
const cases = (JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as { cases: Case[] }).cases;

/** Relative difference, with an absolute floor of 1 for values near zero. */
function diff(a: number, e: number): number {
  return Math.abs(a - e) / Math.max(Math.abs(e), 1);
}

/**
 * Negative binomial quantiles are whole numbers; where the model's mean explodes (a degenerate fit
 * on a near-empty series, mean ~5e8) R's search and ours may land one apart, a relative 2e-9.
 */
function quantileTie(a: number, e: number) {
  return Number.isInteger(e) && e > 1e6 && Math.abs(a - e) <= 1;
}

function compare(label: string, actual: Float64Array, expected: (number | null)[], tol: number) {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (e === null) {
      if (!Number.isNaN(a)) expect.fail(`${label}[${i}]: ${a} where R has NA`);
      return;
    }
    const d = diff(a, e);
    worst = Math.max(worst, d);
    if (!(d <= tol) && !quantileTie(a, e))
      expect.fail(`${label}[${i}]: ${a} vs R ${e} (relative ${d.toExponential(2)})`);
  });
  return worst;
}

function label(c: Case) {
  return `${c.series} ${c.method} ${JSON.stringify(c.control)}`;
}

describe('EARS C1/C2/C3 match R surveillance::earsC', () => {
  for (const c of cases.filter((k) => k.method === 'ears')) {
    it(label(c), () => {
      const s = series.get(c.series);
      if (!s) throw new Error(`no series ${c.series}`);
      const r = ears(s.counts, String(c.control.method).toLowerCase() as EarsMethod, {
        baseline: c.control.baseline as number,
        alpha: c.control.alpha as number | undefined,
      });
      expect(r.start + 1).toBe(c.range[0]);
      compare(label(c), r.threshold, c.upperbound, TOL);
      expect(Array.from(r.alarm, Boolean)).toEqual(c.alarm.map((a) => a === true));
    });
  }
});

describe('Farrington flexible matches R surveillance::farringtonFlexible', () => {
  for (const c of cases.filter((k) => k.method === 'farrington')) {
    it(label(c), () => {
      const s = series.get(c.series);
      if (!s) throw new Error(`no series ${c.series}`);
      const ctl = c.control;
      const opts: FarringtonOptions = { freq: s.freq };
      for (const key of [
        'b',
        'w',
        'alpha',
        'trend',
        'reweight',
        'weightsThreshold',
        'noPeriods',
        'pastWeeksNotIncluded',
        'thresholdMethod',
        'powertrans',
        'limit54',
      ] as const)
        if (ctl[key] !== undefined) (opts as unknown as Record<string, unknown>)[key] = ctl[key];
      const r = farrington(s.counts, opts);
      expect(r.start + 1).toBe(c.range[0]);
      expect(c.range[1]).toBe(s.counts.length);
      compare(`${label(c)} upperbound`, r.threshold, c.upperbound, TOL);
      compare(`${label(c)} expected`, r.expected, c.expected ?? [], TOL);
      expect(Array.from(r.alarm, Boolean)).toEqual(c.alarm.map((a) => a === true));
    });
  }
});
