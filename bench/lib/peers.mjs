/**
 * Running external peers (R spdep, Python libpysal) on the same files as ours. Each peer script is
 * a body wrapped in a prelude that implements the harness's timing policy (timing.mjs) around the
 * call only — interpreter start-up, library loading and file reading are excluded — and writes
 * `{times, peakRssMb, result}` as JSON for the harness to check against ours.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const TMP_DIR = new URL('../results/tmp/', import.meta.url);
export const PYTHON = '/usr/bin/python3';

/** @type {Map<string, Record<string, string | null>>} */
const probeCache = new Map();

/**
 * Which R packages are installed: name → version or null.
 * @param {string[]} pkgs
 */
export function probeR(pkgs) {
  const key = `R:${pkgs.join(',')}`;
  const hit = probeCache.get(key);
  if (hit) return hit;
  /** @type {Record<string, string | null>} */
  const found = Object.fromEntries(pkgs.map((p) => [p, null]));
  try {
    const out = execFileSync(
      'Rscript',
      [
        '-e',
        `for (p in c(${pkgs.map((p) => JSON.stringify(p)).join(',')})) cat(p, if (requireNamespace(p, quietly=TRUE)) as.character(packageVersion(p)) else "-", "\\n")`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
    );
    for (const line of out.split('\n')) {
      const [p, v] = line.trim().split(/\s+/);
      if (p && p in found) found[p] = v && v !== '-' ? v : null;
    }
  } catch {
    // Rscript missing: every package reported as not available.
  }
  probeCache.set(key, found);
  return found;
}

/**
 * Which Python modules import under /usr/bin/python3: name → version or null.
 * @param {string[]} mods
 */
export function probePython(mods) {
  const key = `py:${mods.join(',')}`;
  const hit = probeCache.get(key);
  if (hit) return hit;
  /** @type {Record<string, string | null>} */
  const found = Object.fromEntries(mods.map((m) => [m, null]));
  try {
    const code = `import importlib\nfor m in ${JSON.stringify(mods)}:\n  try:\n    print(m, getattr(importlib.import_module(m), '__version__', '?'))\n  except Exception:\n    print(m, '-')`;
    const out = execFileSync(PYTHON, ['-c', code], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 120_000,
    });
    for (const line of out.split('\n')) {
      const [m, v] = line.trim().split(/\s+/);
      if (m && m in found) found[m] = v && v !== '-' ? v : null;
    }
  } catch {
    // python3 missing
  }
  probeCache.set(key, found);
  return found;
}

/**
 * `true` when every listed package is installed, else the reason a peer is not available.
 * @param {'R' | 'python'} lang
 * @param {string[]} pkgs
 * @returns {true | string}
 */
export function requirePeer(lang, pkgs) {
  const found = lang === 'R' ? probeR(pkgs) : probePython(pkgs);
  const missing = pkgs.filter((p) => !found[p]);
  if (missing.length === 0) return true;
  return `${lang === 'R' ? 'R package' : 'Python module'}${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not installed (run bench/setup.sh as root)`;
}

const R_PRELUDE = `
args <- commandArgs(trailingOnly = TRUE)
cfg <- jsonlite::fromJSON(args[1])
suppressPackageStartupMessages(for (l in cfg$libs) library(l, character.only = TRUE))
peak_rss_mb <- function() {
  s <- grep("^VmHWM", readLines("/proc/self/status"), value = TRUE)
  as.numeric(gsub("[^0-9]", "", s)) / 1024
}
bench <- function(f) {
  t0 <- proc.time()[["elapsed"]]; res <- f(); w <- (proc.time()[["elapsed"]] - t0) * 1000
  if (w > cfg$budgetMs / 2) return(list(times = w, res = res))
  times <- c(); spent <- 0
  while (length(times) < cfg$maxRuns && (length(times) < cfg$minRuns || spent < cfg$budgetMs)) {
    t0 <- proc.time()[["elapsed"]]; res <- f(); t <- (proc.time()[["elapsed"]] - t0) * 1000
    times <- c(times, t); spent <- spent + t
  }
  list(times = times, res = res)
}
emit <- function(b, result) {
  writeLines(jsonlite::toJSON(list(times = I(b$times), peakRssMb = peak_rss_mb(), result = result),
    digits = NA, auto_unbox = TRUE, na = "null"), cfg$out)
}
`;

const PY_PRELUDE = `
import json, sys, time, resource
cfg = json.load(open(sys.argv[1]))
def bench(f):
    t0 = time.perf_counter(); res = f(); w = (time.perf_counter() - t0) * 1000
    if w > cfg['budgetMs'] / 2:
        return [w], res
    times = []; spent = 0.0
    while len(times) < cfg['maxRuns'] and (len(times) < cfg['minRuns'] or spent < cfg['budgetMs']):
        t0 = time.perf_counter(); res = f(); t = (time.perf_counter() - t0) * 1000
        times.append(t); spent += t
    return times, res
def emit(times, result):
    # VmHWM starts afresh at exec; ru_maxrss would include the parent's peak at fork time.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in open('/proc/self/status'):
            if line.startswith('VmHWM:'):
                peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    with open(cfg['out'], 'w') as fh:
        json.dump({'times': times, 'peakRssMb': peak, 'result': result}, fh)
`;

/**
 * Runs an R or Python peer script. `body` sees `cfg` (the harness config plus `params`), calls
 * `bench(f)` on the work and `emit(...)` with a JSON-able result.
 * @param {'R' | 'python'} lang
 * @param {string} name file-safe name of the run
 * @param {string} body
 * @param {{params: Record<string, unknown>, policy: import('./timing.mjs').TimingPolicy, timeoutMs: number}} opts
 * @returns {{times: number[], peakRssMb: number, result: any}}
 */
export function runExternal(lang, name, body, { params, policy, timeoutMs }) {
  mkdirSync(TMP_DIR, { recursive: true });
  const script = new URL(`${name}.${lang === 'R' ? 'R' : 'py'}`, TMP_DIR).pathname;
  const cfgPath = new URL(`${name}.cfg.json`, TMP_DIR).pathname;
  const out = new URL(`${name}.out.json`, TMP_DIR).pathname;
  writeFileSync(script, `${lang === 'R' ? R_PRELUDE : PY_PRELUDE}\n${body}\n`);
  writeFileSync(cfgPath, JSON.stringify({ ...params, ...policy, out }));
  const cmd = lang === 'R' ? 'Rscript' : PYTHON;
  const r = spawnSync(cmd, [script, cfgPath], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.error && /** @type {any} */ (r.error).code === 'ETIMEDOUT') {
    const e = new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    /** @type {any} */ (e).timedOut = true;
    throw e;
  }
  if (r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-6).join(' / ');
    throw new Error(`${cmd} exited with ${r.status ?? r.signal}: ${tail}`);
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}
