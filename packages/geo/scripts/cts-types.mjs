// After tsup: flatbush and kdbush are ESM-only packages, so a CommonJS consumer's tsc (node16) may
// read their types only as an import (TS1479 otherwise). `resolution-mode` says so (TypeScript ≥ 5.3).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/cjs/', import.meta.url));
for (const f of readdirSync(dir).filter((n) => n.endsWith('.d.cts'))) {
  const text = readFileSync(dir + f, 'utf8');
  const fixed = text.replace(
    /^import (\w+) from '(flatbush|kdbush)';$/gm,
    "import type $1 from '$2' with { 'resolution-mode': 'import' };",
  );
  if (fixed !== text) writeFileSync(dir + f, fixed);
}
