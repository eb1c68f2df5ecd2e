// The docs stay true: the data-sources page matches the catalogue the code resolves, and every
// relative link in the guides and the index points to a file that exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { renderDataSources } from '../../../scripts/data-sources.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const docs = (p: string) => join(ROOT, 'docs', p);

describe('docs', () => {
  it('docs/data-sources.md is generated from data/catalogue.json and up to date', () => {
    const catalogue = JSON.parse(readFileSync(join(ROOT, 'data', 'catalogue.json'), 'utf8'));
    const page = readFileSync(docs('data-sources.md'), 'utf8');
    expect(page).toBe(renderDataSources(catalogue));
    for (const name of Object.keys(catalogue.datasets)) expect(page).toContain(`## \`${name}\``);
    expect(page).toContain('Open Government Licence v3.0');
  });

  it('every relative link in the index, the architecture and naming pages and the getting-started guides resolves', () => {
    const pages = [
      docs('README.md'),
      docs('architecture.md'),
      docs('naming.md'),
      docs('packages.md'),
      ...readdirSync(docs('getting-started')).map((f) => docs(`getting-started/${f}`)),
    ];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(page, 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        // The benchmarks page is written by `pnpm bench` and may not exist before the first run.
        if (target.endsWith('benchmarks.md')) continue;
        if (!existsSync(resolve(dirname(page), target))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the index links every method note', () => {
    const index = readFileSync(docs('README.md'), 'utf8');
    for (const f of readdirSync(docs('methods')).filter((f) => f.endsWith('.md')))
      expect(index, f).toContain(`(methods/${f})`);
  });

  it('typedoc documents the three public packages', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));
    expect(config.entryPoints).toEqual([
      'packages/geo/src/index.ts',
      'packages/map/src/index.ts',
      'packages/report/src/index.ts',
    ]);
    expect(config.out).toBe('docs/api');
  });
});
