import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (data in `data/`, reference figures in `data/reference/`). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built `cohesion` CLI (as `pnpm --silent cohesion` does) and captures its output. */
export function cohesion(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
