// Makes sure the system programs the test suite drives are present: Debian's Chromium for the
// map's browser tests and the report check. Installs them with apt-get when running as root (as
// on CI and on a fresh container); otherwise says exactly what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [{ bin: '/usr/bin/chromium', pkg: 'chromium' }];
const extra = (process.env.COHESION_APT_PACKAGES ?? '').split(/\s+/).filter(Boolean);
const missing = needed.filter((n) => !existsSync(n.bin)).map((n) => n.pkg);
for (const p of extra) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
  if (!r.stdout?.includes('install ok installed')) missing.push(p);
}
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
console.error(`Installing system packages for the tests: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env,
});
