// Tests of the bench harness's own logic (statistics, agreement checks, report rendering, failing
// loudly on a disagreeing peer) — never of timings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AgreementError,
  assertArrayClose,
  assertClose,
  assertSameNeighbours,
  close,
} from './lib/agreement.mjs';
import { createCeilingProbe } from './lib/ceiling.mjs';
import { formatMs, formatRatio, renderMarkdown } from './lib/markdown.mjs';
import { median, quantile, speedRatio, summarizeTimes } from './lib/stats.mjs';
import { timeAlternating, timeRuns } from './lib/timing.mjs';

describe('timing statistics', () => {
  it('quantiles interpolate like R type 7 / numpy', () => {
    // R: quantile(c(1, 2, 3, 4), c(.25, .5, .75)) -> 1.75 2.50 3.25
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 15);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.75)).toBeCloseTo(3.25, 15);
    expect(quantile([7], 0.9)).toBe(7);
    expect(median([10, 1, 5])).toBe(5);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });

  it('summarises median, range and IQR', () => {
    const s = summarizeTimes([12, 10, 11, 30, 9]);
    expect(s).toEqual({ runs: 5, median: 11, min: 9, max: 30, q1: 10, q3: 12, iqr: 2 });
    expect(() => summarizeTimes([])).toThrow(RangeError);
    expect(() => summarizeTimes([1, Number.NaN])).toThrow(RangeError);
  });

  it('ratio is peer median over ours', () => {
    expect(speedRatio(10, 50)).toBe(5);
    expect(speedRatio(0, 50)).toBeNull();
  });

  it('times slow work once and fast work to the run limits', async () => {
    let calls = 0;
    const slow = await timeRuns(
      () => {
        calls++;
        const t = performance.now();
        while (performance.now() - t < 30);
        return 'done';
      },
      { minRuns: 3, maxRuns: 10, budgetMs: 20 },
    );
    expect(slow.times).toHaveLength(1);
    expect(calls).toBe(1);
    expect(slow.result).toBe('done');
    calls = 0;
    const fast = await timeRuns(() => ++calls, { minRuns: 3, maxRuns: 7, budgetMs: 60_000 });
    expect(fast.times).toHaveLength(7);
    expect(calls).toBe(8); // one warm-up
    expect(fast.result).toBe(8);
  });

  it('times paired configurations alternately, run by run, after one warm-up each', async () => {
    const order: string[] = [];
    const out = await timeAlternating([() => order.push('a'), () => order.push('b')], {
      minRuns: 3,
      maxRuns: 4,
      budgetMs: 60_000,
    });
    expect(order.join('')).toBe('ababababab'); // warm-ups, then 4 rounds
    expect(out.times.map((t) => t.length)).toEqual([4, 4]);
    expect(out.results).toEqual([9, 10]);
  });

  it("probes the machine's own 2-thread speed-up with a plain loop on two threads", async () => {
    const probe = await createCeilingProbe();
    try {
      const r = await probe.probe();
      // Two equal loops on two threads: somewhere between no gain at all and twice as fast (plus noise).
      expect(r).toBeGreaterThan(0.5);
      expect(r).toBeLessThan(3);
    } finally {
      await probe.close();
    }
  });
});

describe('agreement checks', () => {
  it('close() uses relative and absolute tolerance', () => {
    expect(close(1, 1 + 1e-12)).toBe(true);
    expect(close(1, 1 + 1e-6)).toBe(false);
    expect(close(0, 1e-13)).toBe(true);
    expect(close(Number.NaN, Number.NaN)).toBe(true);
    expect(close(Number.NaN, 0)).toBe(false);
  });

  it('throws AgreementError naming the value that differs', () => {
    expect(() => assertClose('Moran I', 0.5, 0.5 + 1e-15)).not.toThrow();
    expect(() => assertClose('Moran I', 0.5, 0.51)).toThrow(AgreementError);
    expect(() => assertClose('Moran I', 0.5, 0.51)).toThrow(/Moran I: ours 0.5 vs peer 0.51/);
    expect(() => assertArrayClose('z', [1, 2, 3], [1, 2.5, 3])).toThrow(/value 1 differs/);
    expect(() => assertArrayClose('z', [1, 2], [1, 2, 3])).toThrow(/ours has 2 values, peer has 3/);
  });

  it('compares neighbour sets area by area, ignoring order', () => {
    expect(assertSameNeighbours('queen', [[1, 2], [0], [0]], [[2, 1], [0], [0]])).toBe(4);
    expect(() => assertSameNeighbours('queen', [[1, 2], [0], [0]], [[1], [0], [0]])).toThrow(
      /neighbours of area 0 differ: ours \[1,2\] vs peer \[1\]/,
    );
    expect(() => assertSameNeighbours('queen', [[1]], [[1], [0]])).toThrow(AgreementError);
  });
});

const report = {
  quick: false,
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryGb: 8,
    node: 'v20.0.0',
    v8: '11',
    platform: 'Linux',
    date: '2026-01-01T00:00:00.000Z',
  },
  peers: { r: 'R 4.2.2 spdep 1.2-7', python: null },
  cases: [
    {
      name: 'queen-weights',
      group: 'weights',
      title: 'Queen contiguity weights',
      description: 'What is timed.',
      notes: ['A caveat.'],
      rows: [
        {
          input: 'voronoi-35k',
          label: 'Voronoi 35k',
          n: 35000,
          ours: {
            status: 'ok',
            timing: { runs: 5, median: 120, min: 110, max: 130, q1: 115, q3: 125, iqr: 10 },
            memory: { peakRssMb: 210.4, workMb: 12.5 },
          },
          peers: [
            {
              name: 'spdep poly2nb (R)',
              status: 'ok',
              agreement: 'identical neighbour sets',
              timing: { runs: 3, median: 2400, min: 2300, max: 2500, q1: 2350, q3: 2450, iqr: 100 },
              memory: { peakRssMb: 400 },
              ratio: 20,
            },
            {
              name: 'libpysal Queen (Python)',
              status: 'not available',
              reason: 'python3-libpysal not installed',
            },
          ],
        },
      ],
    },
  ],
  inputs: [{ id: 'voronoi-35k', n: 35000, source: 'Voronoi | generated', files: 'GeoJSON' }],
  failures: [],
};

describe('markdown report', () => {
  it('formats times and ratios', () => {
    expect(formatMs(0.1234)).toBe('0.12 ms');
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(2400)).toBe('2.40 s');
    expect(formatMs(null)).toBe('–');
    expect(formatRatio(20)).toBe('**20× faster**');
    expect(formatRatio(2.5)).toBe('**2.5× faster**');
    expect(formatRatio(0.5)).toBe('2.0× slower');
  });

  it('shows machine facts, ours and each peer with ratio and status', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('# Benchmarks');
    expect(md).toContain('| CPU | Test CPU (2 cores');
    expect(md).toContain('| Node | v20.0.0');
    expect(md).toContain('full mode');
    expect(md).toContain(
      '| Queen contiguity weights | Voronoi 35k | 35000 | 120 ms | spdep poly2nb (R) | 2.40 s | **20× faster** |',
    );
    expect(md).toContain(
      '| Voronoi 35k | 35000 | ours (`@cohesion/geo`) | 120 ms | 110 ms – 130 ms (5) | 210 MB | 12.5 MB | 1 | ok |',
    );
    expect(md).toContain(
      '| libpysal Queen (Python) | – | – | – | – | – | not available: python3-libpysal not installed |',
    );
    expect(md).toContain('agrees: identical neighbour sets');
    expect(md).toContain('- A caveat.');
    expect(md).toContain('Voronoi \\| generated'); // pipes escaped inside cells
    expect(md).toContain('| Python peer | not available |');
    expect(md).not.toContain('Failures');
  });

  it('prints self-timed extras and merged sessions', () => {
    const c = report.cases[0]!;
    const row = c.rows[0]!;
    const md = renderMarkdown({
      ...report,
      merged: ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z'],
      cases: [
        { ...c, rows: [{ ...row, ours: { ...row.ours, extra: { 'time to interactive': '900 ms' } } }] },
      ],
    });
    expect(md).toContain('Voronoi 35k — time to interactive: 900 ms.');
    expect(md).toContain('Cases were run in 2 sessions');
  });

  it('puts failures first and marks quick mode', () => {
    const md = renderMarkdown({
      ...report,
      quick: true,
      failures: [
        { case: 'moran', input: 'gm', impl: 'spdep', message: 'peer disagrees with ours: I differs' },
      ],
    });
    expect(md).toContain('**quick** mode');
    expect(md.indexOf('## ❌ Failures')).toBeLessThan(md.indexOf('## Summary'));
    expect(md).toContain('- **moran** (gm, spdep): peer disagrees with ours: I differs');
  });
});

describe('harness end to end', () => {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const built = existsSync(join(root, 'packages/geo/dist/index.js'));

  it('exits non-zero and names the peer when a peer disagrees with ours', () => {
    // `pnpm test` builds first; a missing build is a failure here, never a silent skip.
    expect(built, 'packages/geo/dist is missing: run `pnpm run build` first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-bench-'));
    try {
      const agreement = new URL('./lib/agreement.mjs', import.meta.url).href;
      writeFileSync(
        join(dir, 'fake.mjs'),
        `import { assertClose } from ${JSON.stringify(agreement)};
export default {
  name: 'fake', group: 'test', title: 'Fake', sizes: ['trafford-lsoa11'], quickSizes: ['trafford-lsoa11'],
  run: () => 0.25,
  summarize: (r) => ({ I: r }),
  peers: [
    { name: 'agreeing peer', run: () => 0.25, summarize: (r) => ({ I: r }),
      check: (o, t) => { assertClose('I', o.I, t.I); return 'same I'; } },
    { name: 'wrong peer', run: () => 0.3, summarize: (r) => ({ I: r }),
      check: (o, t) => { assertClose('I', o.I, t.I); return 'same I'; } },
  ],
};
`,
      );
      const r = spawnSync(process.execPath, [join(root, 'bench/run.mjs'), '--quick', '--no-write'], {
        encoding: 'utf8',
        env: { ...process.env, COHESION_BENCH_CASES: dir },
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/agreeing peer: median .*agrees: same I/);
      expect(r.stderr).toMatch(/wrong peer: DISAGREES WITH OURS: I: ours 0.25 vs peer 0.3/);
      expect(r.stderr).toMatch(/bench FAILED: 1 problem/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
