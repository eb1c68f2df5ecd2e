/**
 * Child process that times one implementation (ours or an in-process JS peer) of one case on one
 * input, so that every implementation starts from a clean heap and its peak RSS is its own.
 * Usage (by run.mjs): node --expose-gc bench/lib/worker.mjs <config.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createCeilingProbe } from './ceiling.mjs';
import { makeContext } from './context.mjs';
import { timeAlternating, timeRuns } from './timing.mjs';

// One recognisable line for run.mjs to report, whatever the error.
process.on('uncaughtException', (e) => {
  const err = /** @type {any} */ (e);
  process.stderr.write(
    `${err?.stack ?? err}\nBENCH_WORKER_ERROR ${err?.code ? `${err.code}: ` : ''}${err?.message ?? err}\n`,
  );
  process.exit(1);
});

/**
 * Peak RSS of this process in MB. VmHWM is per address space, so it starts afresh at exec; getrusage's
 * maxRSS would include the parent's peak at fork time (Linux keeps it across exec).
 */
function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { default: benchCase } = await import(cfg.caseUrl);
const ctx = makeContext(cfg);

const impl =
  cfg.impl === 'ours' ? benchCase : benchCase.peers?.find((/** @type {any} */ p) => p.name === cfg.impl);
if (!impl || typeof impl.run !== 'function')
  throw new Error(`case ${benchCase.name} has no in-process implementation "${cfg.impl}"`);

const gc = /** @type {() => void} */ (globalThis.gc ?? (() => {}));
const mem = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

const setup = impl.setup ?? benchCase.setup;
const state = setup ? await setup(ctx) : undefined;
let before = 0;
let workMb = null;
const hooks = {
  beforeWarmup() {
    gc();
    before = mem();
  },
  afterWarmup() {
    workMb = Math.max(0, mem() - before) / 2 ** 20;
  },
};
/** Peers timed alternately with ours in this process (`paired: true`), by name. */
/** @type {Record<string, {times: number[], result: unknown}>} */
const paired = {};
/** The machine's 2-thread speed-up on a plain loop, probed after each round (threadCeiling cases). */
/** @type {number[]} */
const ceiling = [];
let times;
let result;
if (cfg.impl === 'ours' && cfg.paired?.length) {
  const peers = cfg.paired.map((/** @type {string} */ name) =>
    benchCase.peers?.find((/** @type {any} */ p) => p.name === name),
  );
  const states = [];
  for (const p of peers) states.push(p.setup ? await p.setup(ctx) : state);
  const fns = [
    () => impl.run(state, ctx),
    ...peers.map((/** @type {any} */ p, i) => () => p.run(states[i], ctx)),
  ];
  // A thread speed-up is read against the machine's own, probed between the rounds (lib/ceiling.mjs).
  const probe = benchCase.threadCeiling ? await createCeilingProbe() : undefined;
  const out = await timeAlternating(fns, cfg.policy, {
    ...hooks,
    async afterRound() {
      if (probe) ceiling.push(await probe.probe());
    },
  });
  await probe?.close();
  times = out.times[0];
  result = out.results[0];
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i];
    const summarize = p.summarize ?? benchCase.summarize;
    paired[p.name] = {
      times: /** @type {number[]} */ (out.times[i + 1]),
      result: summarize ? await summarize(out.results[i + 1], states[i], ctx) : null,
    };
  }
} else {
  ({ times, result } = await timeRuns(() => impl.run(state, ctx), cfg.policy, hooks));
}
const summarize = impl.summarize ?? (cfg.impl === 'ours' ? undefined : benchCase.summarize);
const summary = summarize ? await summarize(result, state, ctx) : null;
writeFileSync(
  cfg.out,
  JSON.stringify({
    times,
    memory: { peakRssMb: peakRssMb(), workMb },
    result: summary,
    paired,
    ceiling,
  }),
);
