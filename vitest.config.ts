import { defineConfig } from 'vitest/config';
import { geoSourceAliases } from './packages/geo/source-aliases.mjs';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, not dist, so a stale build can never pass a test.
    // Exact matches: a subpath (`@cohesion/geo/stats`) is its own module, not a path under the root's.
    // Each import path to the source module package.json's "exports" names (packages/geo/source-aliases.mjs).
    alias: Object.entries(geoSourceAliases()).map(([path, file]) => ({
      find: new RegExp(`^${path.replaceAll('/', '\\/')}$`),
      replacement: file,
    })),
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'bench/**/*.test.ts',
      'data/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
