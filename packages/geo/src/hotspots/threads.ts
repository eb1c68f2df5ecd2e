import { CohesionError } from '../errors.js';
import { type KernelResult, type KernelTask, permutationKernel } from '../stats/permutationKernel.js';

/**
 * Worker threads for the permutation kernel: `node:worker_threads` in Node, Web Workers in Deno and
 * browsers. Each worker runs the source text of {@link permutationKernel} (self-contained by
 * design), so every thread executes exactly the code the main thread runs. Node workers are kept
 * in a small pool between calls (`unref`ed while idle, so they never keep a process alive;
 * {@link releaseThreads} ends them); Web Workers cannot be unref'd, so they end after each call.
 */

/** Options for the parallel statistics. */
export interface ThreadOptions {
  /**
   * Threads to use for the permutations, the calling thread included; default: the cores
   * available (`navigator.hardwareConcurrency`, or `os.availableParallelism()` in Node). 1 runs on
   * the calling thread only; so does any runtime without workers. Results never depend on it.
   */
  threads?: number;
  /**
   * Smallest amount of work (areas × permutations) worth one more thread; default 1,000,000. Below
   * it a worker's start and message round-trip cost more than they save, so small inputs stay on
   * the calling thread. Results never depend on it.
   */
  minWorkPerThread?: number;
}

interface PoolWorker {
  run(task: KernelTask): Promise<KernelResult>;
  terminate(): void;
}

const NODE_WORKERS = 'node:worker_threads';
const DEFAULT_MIN_WORK = 1_000_000;
const NODE_OS = 'node:os';

let pool: PoolWorker[] = [];
/** Web Workers (Deno, browsers) cannot be unref'd: a live one keeps Deno running, so they are ended after each call. */
let poolIsWeb = false;
let active = 0;
let defaultThreads: number | undefined;

/** The cores this runtime reports (at least 1). */
export async function availableThreads(): Promise<number> {
  if (defaultThreads !== undefined) return defaultThreads;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  let n = nav?.hardwareConcurrency;
  if (!(typeof n === 'number' && n >= 1)) {
    try {
      const os = (await import(/* @vite-ignore */ NODE_OS)) as {
        availableParallelism?: () => number;
        cpus(): unknown[];
      };
      n = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
    } catch {
      n = 1;
    }
  }
  defaultThreads = Math.max(1, Math.floor(n ?? 1));
  return defaultThreads;
}

/** Validates `threads` (or picks the default). */
export async function threadCount(options: ThreadOptions): Promise<number> {
  const t = options.threads;
  if (t === undefined) return availableThreads();
  if (!Number.isInteger(t) || t < 1 || t > 1024)
    throw new CohesionError('INVALID_ARGUMENT', `threads must be an integer in 1..1024, got ${t}`, {
      value: t,
    });
  return t;
}

/**
 * Worker body: receives tasks, runs the kernel, posts the counts back (buffers transferred). Node
 * reaches its port by a dynamic import, which works whether the eval'd code runs as CommonJS or as
 * an ES module (it inherits `--input-type`); the port queues messages until the listener is on.
 */
function workerSource(web: boolean): string {
  const kernel = permutationKernel.toString();
  const reply = 'const transfer = [...out.ge, ...out.le, ...out.sum].map((a) => a.buffer);';
  const body = web
    ? `self.onmessage = (e) => { const out = permutationKernel(e.data); ${reply} self.postMessage(out, transfer); };`
    : `import('node:worker_threads').then(({ parentPort }) => parentPort.on('message', (task) => { const out = permutationKernel(task); ${reply} parentPort.postMessage(out, transfer); }));`;
  return `const permutationKernel = ${kernel};\n${body}\n`;
}

type Pending = { resolve(r: KernelResult): void; reject(e: unknown): void };

/** Starts one worker, or returns undefined when this runtime has none. */
async function startWorker(): Promise<PoolWorker | undefined> {
  const WebWorker = (globalThis as { Worker?: new (url: string, opts?: object) => WebWorkerLike }).Worker;
  if (
    typeof WebWorker === 'function' &&
    typeof Blob === 'function' &&
    typeof URL.createObjectURL === 'function'
  ) {
    const url = URL.createObjectURL(new Blob([workerSource(true)], { type: 'text/javascript' }));
    // Deno only runs module workers; browsers run classic ones from any page (a module worker from
    // a blob: URL fails on opaque origins such as about:blank). The body is valid as either.
    const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
    const w = new WebWorker(url, isDeno ? { type: 'module' } : {});
    const queue: Pending[] = [];
    w.onmessage = (e) => queue.shift()?.resolve(e.data as KernelResult);
    w.onerror = (e) => {
      (e as { preventDefault?: () => void }).preventDefault?.();
      queue.shift()?.reject(new Error(`permutation worker failed: ${(e as { message?: string }).message}`));
    };
    poolIsWeb = true;
    return {
      run(task) {
        return new Promise((resolve, reject) => {
          queue.push({ resolve, reject });
          w.postMessage(task);
        });
      },
      terminate() {
        w.terminate();
        URL.revokeObjectURL(url);
      },
    };
  }
  let mod: { Worker: new (src: string, opts: object) => NodeWorkerLike };
  try {
    mod = (await import(/* @vite-ignore */ NODE_WORKERS)) as typeof mod;
  } catch {
    return undefined;
  }
  const w = new mod.Worker(workerSource(false), { eval: true });
  w.unref();
  const queue: Pending[] = [];
  w.on('message', (m) => {
    const p = queue.shift();
    if (queue.length === 0) w.unref();
    p?.resolve(m as KernelResult);
  });
  w.on('error', (e) => {
    const p = queue.shift();
    if (queue.length === 0) w.unref();
    p?.reject(e);
  });
  return {
    run(task) {
      return new Promise((resolve, reject) => {
        queue.push({ resolve, reject });
        w.ref();
        w.postMessage(task);
      });
    },
    terminate() {
      void w.terminate();
    },
  };
}

interface WebWorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  postMessage(m: unknown): void;
  terminate(): void;
}
interface NodeWorkerLike {
  on(ev: 'message' | 'error', f: (m: unknown) => void): void;
  postMessage(m: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** Ends the pooled worker threads (they are restarted on the next parallel call). */
export function releaseThreads(): void {
  for (const w of pool) w.terminate();
  pool = [];
  spare = undefined;
  poolIsWeb = false;
}

async function workers(count: number): Promise<PoolWorker[]> {
  while (pool.length < count) {
    const w = await startWorker();
    if (!w) break;
    pool.push(w);
  }
  return pool.slice(0, count);
}

/**
 * The shared buffer of the last finished run, kept for the next: filling a fresh one costs page
 * faults (~4 ms for the 6 MB of a 35k-area run, 20 ms at 190k) where reusing it costs a copy.
 * Only a run that has finished (all workers have replied) gives it back.
 */
let spare: SharedArrayBuffer | undefined;

/** SharedArrayBuffer where this runtime allows it (Node, Deno; browsers only when cross-origin isolated). */
function sharedBuffer(bytes: number): SharedArrayBuffer | undefined {
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown };
  if (g.document !== undefined && g.crossOriginIsolated === false) return undefined;
  if (spare && spare.byteLength >= bytes && spare.byteLength <= 2 * bytes) {
    const reuse = spare;
    spare = undefined;
    return reuse;
  }
  try {
    return new SharedArrayBuffer(bytes);
  } catch {
    return undefined;
  }
}

type Typed = Float64Array | Int32Array;

/**
 * The task's arrays copied into one SharedArrayBuffer (counts included), so that posting it to a
 * worker clones views, not megabytes: at 190k areas a structured clone of the task cost the main
 * thread ~25 ms and each worker as much again before it could start; one copy costs a few ms.
 */
function sharedTask(task: Omit<KernelTask, 'start' | 'end'>):
  | {
      task: Omit<KernelTask, 'start' | 'end'>;
      counts: NonNullable<KernelTask['shared']>;
      claim: Int32Array;
      buffer: SharedArrayBuffer;
    }
  | undefined {
  const { n } = task;
  const nc = task.channels.length;
  const arrays: ArrayLike<number>[] = [task.offsets, task.neighbors, task.x, task.draws];
  for (const c of task.channels) arrays.push(c.weights, c.a, c.b, c.obs);
  // Layout: claim counter, then each distinct input array (8-byte aligned), then the counts. An
  // array used twice (LISA and Gi* both read w's offsets; LISA and Geary the same weights) is copied once.
  let bytes = 8;
  const at = new Map<ArrayLike<number>, number>();
  for (const a of arrays) {
    if (at.has(a)) continue;
    at.set(a, bytes);
    bytes += Math.ceil((a.length * (a instanceof Int32Array ? 4 : 8)) / 8) * 8;
  }
  const countsAt = bytes;
  bytes += nc * n * 16;
  const buffer = sharedBuffer(bytes);
  if (!buffer) return undefined;
  // A reused buffer still holds the last run's claim counter and counts.
  new Int32Array(buffer, 0, 2).fill(0);
  new Int32Array(buffer, countsAt, nc * n * 4).fill(0);
  const views = new Map<ArrayLike<number>, Typed>();
  const copy = (k: number): Typed => {
    const a = arrays[k] as ArrayLike<number>;
    let view = views.get(a);
    if (!view) {
      const offset = at.get(a) as number;
      view =
        a instanceof Int32Array
          ? new Int32Array(buffer, offset, a.length)
          : new Float64Array(buffer, offset, a.length);
      view.set(a as Typed);
      views.set(a, view);
    }
    return view;
  };
  const counts = {
    ge: Array.from({ length: nc }, (_, c) => new Int32Array(buffer, countsAt + c * n * 8, n)),
    le: Array.from({ length: nc }, (_, c) => new Int32Array(buffer, countsAt + c * n * 8 + n * 4, n)),
    sum: Array.from({ length: nc }, (_, c) => new Float64Array(buffer, countsAt + nc * n * 8 + c * n * 8, n)),
  };
  return {
    task: {
      ...task,
      offsets: copy(0),
      neighbors: copy(1),
      x: copy(2) as Float64Array,
      draws: copy(3) as Int32Array,
      channels: task.channels.map((c, i) => ({
        kind: c.kind,
        weights: copy(4 + 4 * i) as Float64Array,
        a: copy(5 + 4 * i) as Float64Array,
        b: copy(6 + 4 * i) as Float64Array,
        obs: copy(7 + 4 * i) as Float64Array,
      })),
    },
    counts,
    claim: new Int32Array(buffer, 0, 1),
    buffer,
  };
}

/**
 * Runs the kernel over all areas on `threads` threads, the calling thread included. With shared
 * memory the areas are dealt out in small chunks from one atomic counter, so a thread that is
 * slower (a busy core, the caller's own work in `meanwhile`) simply takes fewer chunks; the counts
 * land in shared arrays, one result for all areas. Without it (browsers that are not cross-origin
 * isolated) areas are split into equal contiguous ranges, one result per thread. Falls back to the calling thread alone
 * when `threads` is 1, the task is small, or no workers exist here. `meanwhile` runs on the calling
 * thread after the workers have their task and before it joins the permutations: work that does
 * not depend on them (e.g. quadrants) overlaps with the workers'. `consume`, when given, receives
 * the counts while they are still in the shared buffer (which the next run then reuses) and the
 * promise resolves to no results; without it the counts are copied out and returned.
 */
export async function runKernelParallel(
  task: Omit<KernelTask, 'start' | 'end'>,
  threads: number,
  minWorkPerThread = DEFAULT_MIN_WORK,
  meanwhile?: () => void,
  consume?: (parts: readonly KernelResult[]) => void,
): Promise<KernelResult[]> {
  const { n } = task;
  const wanted = Math.min(threads, Math.max(1, Math.floor((n * task.R) / Math.max(minWorkPerThread, 1))));
  const helpers = wanted > 1 ? await workers(wanted - 1) : [];
  const parts = helpers.length + 1;
  const share = parts > 1 ? sharedTask(task) : undefined;
  active++;
  try {
    if (share) {
      const { counts, claim } = share;
      // ~128 chunks per thread: the last chunk's wait is under 1% of the run, and one atomic add
      // per chunk costs nothing (16 per thread left up to 6% idle at 35k areas).
      const chunk = Math.max(32, Math.ceil(n / (parts * 128)));
      const shareTask = { ...share.task, start: 0, end: 0, claim, chunk, shared: counts };
      const jobs = helpers.map((w) => w.run(shareTask));
      meanwhile?.();
      const mine = permutationKernel(shareTask);
      const reports = await Promise.all(jobs);
      // All counts, then one empty report per thread (how many areas each took). They are
      // consumed or copied out before the buffer can serve the next run.
      const all = { start: 0, end: n, ge: counts.ge, le: counts.le, sum: counts.sum };
      if (consume) {
        consume([all, mine, ...reports]);
        spare = share.buffer;
        return [];
      }
      const copy = <T extends Int32Array | Float64Array>(a: T): T => a.slice() as T;
      spare = share.buffer;
      return [
        { ...all, ge: all.ge.map(copy), le: all.le.map(copy), sum: all.sum.map(copy) },
        mine,
        ...reports,
      ];
    }
    const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * n) / parts));
    const jobs = helpers.map((w, h) =>
      w.run({ ...task, start: bounds[h + 1] as number, end: bounds[h + 2] as number }),
    );
    meanwhile?.();
    const mine = permutationKernel({ ...task, start: 0, end: bounds[1] as number });
    const results = [mine, ...(await Promise.all(jobs))];
    if (!consume) return results;
    consume(results);
    return [];
  } finally {
    active--;
    if (poolIsWeb && active === 0) releaseThreads();
  }
}
