/**
 * The machine's own speed-up on two threads, measured with a plain loop: on a shared virtual
 * machine two vCPUs are not always two free cores (a neighbour's load, or both vCPUs placed on one
 * physical core), and the speed-up any program can reach moves with it — from about 1.2× to 2×
 * within minutes on the bench machine. A case that times a thread speed-up (`threadCeiling`)
 * probes it between its timed runs, so its ratio can be read against what the hardware gave.
 */
import { Worker } from 'node:worker_threads';

// A loop of the permutation kernel's shape (an L2-resident array, loads and comparisons), without
// allocation or shared memory: what two independent threads of plain JavaScript can do.
const SOURCE = `
function spin(rounds) {
  const R = 999;
  const S = new Float64Array(R * 13);
  for (let i = 0; i < S.length; i++) S[i] = ((i * 2654435761) % 1000) / 1000;
  const t0 = performance.now();
  let tot = 0;
  for (let i = 0; i < rounds; i++) {
    const q0 = (1 + (i * 7) % 12) * R;
    const u = 0.3 + (i % 5) * 0.01;
    let a = 0;
    let b = 0;
    for (let q = q0; q < q0 + R; q++) {
      const v = S[q];
      a += +(v >= u);
      b += +(v <= 0.6);
    }
    tot += a + b;
  }
  return [performance.now() - t0, tot];
}
`;
const spin = /** @type {(rounds: number) => [number, number]} */ (new Function(`${SOURCE}; return spin;`)());

const ROUNDS = 20_000; // ~20–40 ms on the bench machine

/** Starts the probe's helper thread; `probe()` returns one measurement of the 2-thread speed-up. */
export async function createCeilingProbe() {
  const worker = new Worker(
    `${SOURCE}\nrequire('node:worker_threads').parentPort.on('message', (n) => require('node:worker_threads').parentPort.postMessage(spin(n)[0]));`,
    { eval: true },
  );
  const run = (/** @type {number} */ n) =>
    new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(n);
    });
  await run(ROUNDS); // warm both threads' code
  spin(ROUNDS);
  return {
    /** 2 × (one thread alone) / (the slower of two threads together), same work per thread. */
    async probe() {
      const [alone] = spin(ROUNDS);
      const other = run(ROUNDS);
      const [mine] = spin(ROUNDS);
      const theirs = /** @type {number} */ (await other);
      return (2 * alone) / Math.max(mine, theirs);
    },
    close: () => worker.terminate(),
  };
}
