import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GEO_SOURCE_FILES } from '../source-aliases.mjs';

// The builds that compile geo from source (map, report, vitest) resolve its import paths through
// source-aliases.mjs; package.json "exports" is what an install resolves. They must name the same modules.
describe('source-aliases.mjs', () => {
  it('maps every import path of package.json "exports" to the source of the module it publishes', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { import?: { default: string } }>;
    };
    const published = Object.fromEntries(
      Object.entries(pkg.exports)
        .filter(([, v]) => v.import)
        .map(([k, v]) => [
          k === '.' ? '@cohesion/geo' : `@cohesion/geo/${k.slice(2)}`,
          (v.import as { default: string }).default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'),
        ]),
    );
    expect(GEO_SOURCE_FILES).toEqual(published);
  });
});
