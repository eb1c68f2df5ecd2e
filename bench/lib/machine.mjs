/** Facts about the machine and peers, printed at the top of docs/benchmarks.md. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** @param {string} cmd @param {string[]} args */
function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    }).trim();
  } catch {
    return null;
  }
}

export function machineFacts() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    /** 1-minute load average when the run started: other work on the machine slows every row alike. */
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** Versions of the R / Python peers, or null when they are not installed. */
export function peerVersions() {
  const r = tryRun('Rscript', [
    '-e',
    'cat(R.version$major, ".", R.version$minor, sep=""); for (p in c("spdep","sf")) cat(" ", p, if (requireNamespace(p, quietly=TRUE)) as.character(packageVersion(p)) else "missing")',
  ]);
  const py = tryRun('/usr/bin/python3', [
    '-c',
    'import sys; import importlib\nv=[sys.version.split()[0]]\nfor m in ("libpysal","numpy","shapely","geopandas"):\n  try:\n    v.append(m+" "+importlib.import_module(m).__version__)\n  except Exception:\n    v.append(m+" missing")\nprint(" ".join(v))',
  ]);
  return { r: r ? `R ${r}` : null, python: py ? `Python ${py}` : null };
}
