#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--case NAME,…] [--no-peers]` — the Cohesion benchmark harness.
 *
 * Discovers `bench/cases/*.mjs`, prepares their inputs once (bench/.data/), then for every case ×
 * input times ours (the BUILT `@cohesion/geo`, i.e. packages/geo/dist — run `pnpm run build` first)
 * and each peer, each in its own process, on the same files in the same session; checks that every
 * peer agrees with ours; writes bench/results/latest.json and docs/benchmarks.md. Exits non-zero
 * if a peer disagrees or an implementation fails.
 *
 * A case module default-exports a {@link BenchCase}:
 *
 * @typedef {object} BenchCase
 * @property {string} name unique id (kebab-case, usually the file name)
 * @property {string} group io | weights | hotspots | segregation | access | map
 * @property {string} title heading in docs/benchmarks.md
 * @property {string} [description] markdown: what is timed, what each peer reads, how agreement is checked
 * @property {string[]} sizes input ids (see lib/inputs.mjs) for the full bench, small to large
 * @property {string[]} quickSizes input ids for --quick
 * @property {boolean} [threadCeiling] probe the machine's own 2-thread speed-up between the rounds of
 *   ours and its paired peers (lib/ceiling.mjs), to read a thread speed-up against
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => unknown} [setup] untimed: load inputs
 * @property {(state: any, ctx: import('./lib/context.mjs').BenchContext) => unknown} [run] the timed work
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => Promise<{times: number[], peakRssMb?: number, result?: unknown, extra?: Record<string, string>}>} [exec]
 *   instead of `run`: work that times itself outside Node (e.g. the map in headless Chromium);
 *   `extra` figures are printed under the case's table
 * @property {(result: any, state: any, ctx: import('./lib/context.mjs').BenchContext) => unknown} [summarize]
 *   JSON-able digest of our result handed to each peer's `check`
 * @property {BenchPeer[]} [peers]
 * @property {string[]} [notes] bullet points printed under the case's table
 * @property {number} [timeoutMs] full-mode time limit per implementation when the default 15 min is too short
 * @property {(summary: any, ctx: {input: any}) => {ms: number, basis: string}} [limit]
 *   the memory-bound limit of this work (lib/limit.mjs), shown beside every row with how far it is from it
 *
 * @typedef {object} BenchPeer
 * @property {string} name e.g. "spdep poly2nb (R)"
 * @property {boolean} [slow] skipped with --quick (external peers — those with `exec` — always are)
 * @property {string[]} [sizes] the inputs it runs on (default: all of the case's)
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => true | string} [available]
 *   true, or the reason it is not available (reported as such, never estimated)
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => unknown} [setup] in-process JS peer: untimed setup
 * @property {(state: any, ctx: import('./lib/context.mjs').BenchContext) => unknown} [run] in-process JS peer: timed work
 * @property {(result: any, state: any) => unknown} [summarize] in-process JS peer: digest for `check`
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => {times: number[], peakRssMb?: number, result: unknown}} [exec]
 *   external peer (R, Python): runs and times itself with the same policy (lib/peers.mjs)
 * @property {boolean} [paired] an in-process peer that is ours in another configuration (e.g. one
 *   thread): timed alternately with ours in ours' own process (run, peer, run, peer, …), so that a
 *   slow drift of the machine falls on both alike and their ratio measures the configuration
 * @property {(ctx: import('./lib/context.mjs').BenchContext) => number} [share] the fraction of the case's
 *   work the peer's timing covers (default 1); the ratio is then per unit of work: a peer timed on
 *   the first 100,000 of 30M addresses has share 1/300
 * @property {(ours: any, theirs: any) => string} check throws AgreementError on disagreement;
 *   returns a short description of what agreed
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeContext } from './lib/context.mjs';
import { INPUTS, prepareInput } from './lib/inputs.mjs';
import { machineFacts, peerVersions } from './lib/machine.mjs';
import { renderMarkdown } from './lib/markdown.mjs';
import { TMP_DIR } from './lib/peers.mjs';
import { speedRatio, summarizeTimes } from './lib/stats.mjs';

const BENCH = new URL('./', import.meta.url);
const ROOT = new URL('../', BENCH);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    case: { type: 'string' },
    input: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write(
    'Usage: pnpm bench [--quick] [--case NAME,…] [--input ID,…] [--no-peers] [--no-write]\n' +
      '  --quick     small inputs, fewer runs, R/Python and slow peers skipped (under a minute)\n' +
      '  --case      only the named cases (comma-separated)\n' +
      '  --input     only the named inputs (comma-separated ids, see bench/lib/inputs.mjs)\n' +
      '  --no-peers  time ours only\n' +
      '  --no-write  do not write docs/benchmarks.md and bench/results/latest.json\n' +
      '  --merge     keep the other cases of the existing latest.json (same mode) and replace only those run now\n',
  );
  process.exit(0);
}
const quick = flags.quick;
const log = (/** @type {string} */ msg) => process.stderr.write(`${msg}\n`);
const onlyInputs = flags.input ? new Set(flags.input.split(',').map((x) => x.trim())) : null;
/** @param {BenchCase} c */
const sizesOf = (c) => (quick ? c.quickSizes : c.sizes).filter((id) => !onlyInputs || onlyInputs.has(id));

const POLICY = quick
  ? { ours: { minRuns: 3, maxRuns: 5, budgetMs: 1500 }, peer: { minRuns: 1, maxRuns: 3, budgetMs: 1500 } }
  : { ours: { minRuns: 5, maxRuns: 20, budgetMs: 8000 }, peer: { minRuns: 3, maxRuns: 10, budgetMs: 15000 } };
const TIMEOUT_MS = quick ? 60_000 : 15 * 60_000;

if (!existsSync(new URL('packages/geo/dist/index.js', ROOT))) {
  log(
    'bench: packages/geo/dist is missing; run `pnpm run build` first (the bench measures the built package).',
  );
  process.exit(2);
}

/** @returns {Promise<Array<{file: string, url: string, c: BenchCase}>>} */
async function discoverCases() {
  // COHESION_BENCH_CASES points the harness at another folder of cases (used by harness.test.ts).
  const dir = process.env.COHESION_BENCH_CASES
    ? pathToFileURL(`${resolve(process.env.COHESION_BENCH_CASES)}/`)
    : new URL('cases/', BENCH);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const only = flags.case ? new Set(flags.case.split(',').map((s) => s.trim())) : null;
  const out = [];
  for (const file of files) {
    const url = new URL(file, dir).href;
    const { default: c } = await import(url);
    validateCase(c, file);
    if (only && !only.has(c.name)) continue;
    out.push({ file, url, c });
  }
  if (only) {
    const missing = [...only].filter((n) => !out.some((o) => o.c.name === n));
    if (missing.length) throw new Error(`unknown case(s): ${missing.join(', ')}`);
  }
  return out;
}

/** @param {any} c @param {string} file */
function validateCase(c, file) {
  const bad = (/** @type {string} */ m) => {
    throw new Error(`bench/cases/${file}: ${m}`);
  };
  if (!c || typeof c !== 'object') bad('must default-export a case object');
  for (const k of ['name', 'group', 'title']) if (typeof c[k] !== 'string') bad(`missing string "${k}"`);
  if (typeof c.run !== 'function' && typeof c.exec !== 'function')
    bad('missing run(state, ctx) or exec(ctx)');
  for (const k of ['sizes', 'quickSizes']) {
    if (!Array.isArray(c[k])) bad(`missing array "${k}"`);
    for (const id of c[k]) if (!INPUTS[id]) bad(`unknown input "${id}" in ${k}`);
  }
  for (const p of c.peers ?? []) {
    if (typeof p.name !== 'string') bad('peer without a name');
    if (typeof p.check !== 'function') bad(`peer "${p.name}" has no check(ours, theirs)`);
    if (typeof p.run !== 'function' && typeof p.exec !== 'function')
      bad(`peer "${p.name}" needs run or exec`);
  }
}

/** @param {string} s */
const safe = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * Times an in-process implementation in a fresh Node process.
 * @param {{url: string, c: BenchCase}} entry
 * @param {string} input
 * @param {string} impl
 */
function runWorker(entry, input, impl, paired = /** @type {string[]} */ ([])) {
  mkdirSync(TMP_DIR, { recursive: true });
  const runId = safe(`${entry.c.name}.${input}.${impl}`);
  const cfgPath = fileURLToPath(new URL(`${runId}.worker.json`, TMP_DIR));
  const out = fileURLToPath(new URL(`${runId}.result.json`, TMP_DIR));
  const policy = impl === 'ours' ? POLICY.ours : POLICY.peer;
  const timeoutMs = quick ? TIMEOUT_MS : (entry.c.timeoutMs ?? TIMEOUT_MS);
  writeFileSync(
    cfgPath,
    JSON.stringify({ caseUrl: entry.url, input, impl, paired, quick, policy, timeoutMs, runId, out }),
  );
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(new URL('lib/worker.mjs', BENCH)), cfgPath],
    {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 2 ** 20,
    },
  );
  if (r.error && /** @type {any} */ (r.error).code === 'ETIMEDOUT') {
    return { timedOut: true, error: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  }
  if (r.status !== 0) {
    const lines = `${r.stderr ?? ''}`.trim().split('\n');
    const tagged = lines.find((l) => l.startsWith('BENCH_WORKER_ERROR '));
    const msg = tagged
      ? tagged.slice('BENCH_WORKER_ERROR '.length)
      : (lines.find((l) => /Error|error:/.test(l)) ?? lines.slice(-3).join(' / '));
    return { error: `worker exited with ${r.status ?? r.signal}: ${msg.trim()}` };
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** @param {unknown} e */
const message = (e) => (e instanceof Error ? e.message : String(e));

async function main() {
  const started = performance.now();
  const cases = await discoverCases();
  log(`bench: ${cases.length} case(s), ${quick ? 'quick' : 'full'} mode`);

  const inputIds = [...new Set(cases.flatMap(({ c }) => sizesOf(c)))];
  /** @type {Record<string, import('./lib/inputs.mjs').PreparedInput>} */
  const prepared = {};
  for (const id of inputIds) prepared[id] = prepareInput(id, { log });

  const report = {
    quick,
    machine: machineFacts(),
    peers: flags['no-peers'] || !cases.some(({ c }) => c.peers?.some((p) => p.exec)) ? {} : peerVersions(),
    cases: /** @type {any[]} */ ([]),
    inputs: inputIds.map((id) => ({
      id,
      n: prepared[id].n,
      source: prepared[id].source,
      files:
        !prepared[id].geojson && prepared[id].boundaries
          ? [prepared[id].boundaries, prepared[id].table]
              .filter(Boolean)
              .map((f) => f.replace(fileURLToPath(ROOT), ''))
              .join(', ')
          : prepared[id].geojson
            ? `BNG GeoJSON + FlatGeobuf (bench/.data/${id}.*), table ${prepared[id].table.replace(fileURLToPath(ROOT), '').replace(/.*\/bench\//, 'bench/')}`
            : `CSV ${prepared[id].table.replace(fileURLToPath(ROOT), '')}`,
    })),
    failures: /** @type {Array<{case: string, input: string, impl: string, message: string}>} */ ([]),
  };

  // Progress on a terminal: each case × input is numbered "[k/N]" (piped output stays as before).
  const steps = cases.reduce((a, e) => a + sizesOf(e.c).length, 0);
  let step = 0;
  const counter = () => (process.stderr.isTTY ? `[${++step}/${steps}] ` : '');
  for (const entry of cases) {
    const { c } = entry;
    const caseReport = {
      name: c.name,
      group: c.group,
      title: c.title,
      description: c.description ?? '',
      notes: c.notes ?? [],
      loadAverage: Math.round(loadavg()[0] * 100) / 100,
      rows: /** @type {any[]} */ ([]),
    };
    report.cases.push(caseReport);
    for (const input of sizesOf(c)) {
      const p = prepared[input];
      log(`\n${counter()}${c.name} · ${p.label} (${p.n} areas)`);
      /** @type {any} */
      let ours;
      if (c.exec) {
        // Self-timed work outside this Node process (e.g. a headless browser).
        try {
          const ctx = makeContext({
            input,
            quick,
            policy: POLICY.ours,
            timeoutMs: TIMEOUT_MS,
            runId: safe(`${c.name}.${input}.ours`),
          });
          const x = await c.exec(ctx);
          ours = {
            times: x.times,
            memory: { peakRssMb: x.peakRssMb ?? null, workMb: null },
            result: x.result,
            extra: x.extra,
          };
        } catch (e) {
          ours = { error: message(e) };
        }
      } else {
        const paired = flags['no-peers']
          ? []
          : (c.peers ?? [])
              .filter((pr) => pr.paired && !pr.exec && (!pr.sizes || pr.sizes.includes(input)))
              .map((pr) => pr.name);
        ours = runWorker(entry, input, 'ours', paired);
      }
      const row = {
        input,
        label: p.label,
        n: p.n,
        ours: /** @type {any} */ ({}),
        peers: /** @type {any[]} */ ([]),
      };
      caseReport.rows.push(row);
      if (ours.error) {
        row.ours = { status: ours.timedOut ? 'timed out' : 'failed', reason: ours.error };
        report.failures.push({ case: c.name, input, impl: 'ours', message: ours.error });
        log(`  ours: FAILED ${ours.error}`);
        continue;
      }
      const oursTiming = summarizeTimes(ours.times);
      row.ours = {
        status: 'ok',
        timing: oursTiming,
        memory: ours.memory,
        ...(ours.extra ? { extra: ours.extra } : {}),
      };
      if (ours.ceiling?.length) {
        row.ceiling = summarizeTimes(ours.ceiling);
        log(
          `  machine's own 2-thread speed-up (plain loop, between rounds): median ${row.ceiling.median.toFixed(2)}× (${row.ceiling.min.toFixed(2)}–${row.ceiling.max.toFixed(2)}×, ${row.ceiling.runs} probes)`,
        );
      }
      if (c.limit && ours.result) {
        try {
          row.limit = c.limit(ours.result, { input: p });
        } catch (e) {
          log(`  limit: ${message(e)}`);
        }
      }
      log(
        `  ours: median ${oursTiming.median.toFixed(2)} ms (${oursTiming.runs} runs), peak RSS ${ours.memory.peakRssMb == null ? '–' : `${ours.memory.peakRssMb.toFixed(0)} MB`}`,
      );

      for (const peer of c.peers ?? []) {
        const peerRow = /** @type {any} */ ({ name: peer.name });
        row.peers.push(peerRow);
        if (flags['no-peers']) {
          Object.assign(peerRow, { status: 'skipped', reason: '--no-peers' });
          continue;
        }
        if (peer.sizes && !peer.sizes.includes(input)) {
          Object.assign(peerRow, { status: 'skipped', reason: 'not run at this size (too slow)' });
          continue;
        }
        if (quick && (peer.slow || peer.exec)) {
          // R and Python peers cost seconds of interpreter start-up each: --quick keeps to a minute.
          const why = peer.exec ? 'R/Python peers are run by the full bench only' : 'slow peer';
          Object.assign(peerRow, { status: 'skipped', reason: `${why} (--quick)` });
          continue;
        }
        const ctx = makeContext({
          input,
          quick,
          policy: POLICY.peer,
          timeoutMs: TIMEOUT_MS,
          runId: safe(`${c.name}.${input}.${peer.name}`),
        });
        const avail = peer.available ? peer.available(ctx) : true;
        if (avail !== true) {
          Object.assign(peerRow, { status: 'not available', reason: avail });
          log(`  ${peer.name}: not available (${avail})`);
          continue;
        }
        /** @type {any} */
        let res;
        if (peer.exec) {
          try {
            const x = await peer.exec(ctx);
            res = {
              times: x.times,
              memory: { peakRssMb: x.peakRssMb ?? null, workMb: null },
              result: x.result,
            };
          } catch (e) {
            res = { error: message(e), timedOut: Boolean(/** @type {any} */ (e)?.timedOut) };
          }
        } else if (peer.paired && ours.paired?.[peer.name]) {
          res = { ...ours.paired[peer.name], memory: ours.memory };
          peerRow.paired = true;
        } else {
          res = runWorker(entry, input, peer.name);
        }
        if (res.error) {
          if (res.timedOut) {
            Object.assign(peerRow, { status: 'timed out', reason: res.error });
          } else {
            Object.assign(peerRow, { status: 'failed', reason: res.error });
            report.failures.push({ case: c.name, input, impl: peer.name, message: res.error });
          }
          log(`  ${peer.name}: ${peerRow.status} ${res.error}`);
          continue;
        }
        try {
          peerRow.agreement = peer.check(ours.result, res.result);
        } catch (e) {
          Object.assign(peerRow, { status: 'disagrees', reason: message(e) });
          report.failures.push({
            case: c.name,
            input,
            impl: peer.name,
            message: `peer disagrees with ours: ${message(e)}`,
          });
          log(`  ${peer.name}: DISAGREES WITH OURS: ${message(e)}`);
          continue;
        }
        const timing = summarizeTimes(res.times);
        Object.assign(peerRow, {
          status: 'ok',
          timing,
          memory: res.memory,
          // A peer timed on part of the work is compared per unit of work (`share`).
          ratio: speedRatio(oursTiming.median * (peer.share ? peer.share(ctx) : 1), timing.median),
        });
        log(
          `  ${peer.name}: median ${timing.median.toFixed(2)} ms (${timing.runs} runs${peerRow.paired ? ', alternating with ours' : ''}), ours ${peerRow.ratio >= 1 ? `${peerRow.ratio.toFixed(1)}× faster` : `${(1 / peerRow.ratio).toFixed(1)}× slower`}; agrees: ${peerRow.agreement}`,
        );
      }
    }
  }

  report.elapsedS = Math.round((performance.now() - started) / 100) / 10;
  report.loadAverageEnd = Math.round(loadavg()[0] * 100) / 100;
  const latest = new URL('results/latest.json', BENCH);
  if (flags.merge && existsSync(latest)) {
    const old = JSON.parse(readFileSync(latest, 'utf8'));
    if (old.quick !== quick) throw new Error('--merge: latest.json was written in the other mode');
    const ran = new Set(report.cases.map((c) => c.name));
    report.cases = [...old.cases.filter((/** @type {any} */ c) => !ran.has(c.name)), ...report.cases].sort(
      (a, b) => a.name.localeCompare(b.name),
    );
    report.failures = [
      ...old.failures.filter((/** @type {any} */ f) => !ran.has(f.case)),
      ...report.failures,
    ];
    const ids = new Set(report.inputs.map((i) => i.id));
    report.inputs = [...report.inputs, ...old.inputs.filter((/** @type {any} */ i) => !ids.has(i.id))];
    report.merged = [...new Set([...(old.merged ?? [old.machine.date]), report.machine.date])];
  }
  if (!flags['no-write']) {
    mkdirSync(new URL('results/', BENCH), { recursive: true });
    writeFileSync(new URL('results/latest.json', BENCH), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(new URL('docs/benchmarks.md', ROOT), renderMarkdown(report));
    log(`\nwrote docs/benchmarks.md and bench/results/latest.json (${report.elapsedS} s)`);
  }
  if (report.failures.length) {
    log(`\nbench FAILED: ${report.failures.length} problem(s):`);
    for (const f of report.failures) log(`  ✗ ${f.case} · ${f.input} · ${f.impl}: ${f.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
