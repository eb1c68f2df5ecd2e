import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, not dist, so a stale build can never pass a test.
    // Exact matches: a subpath (`@cohesion/geo/stats`) is its own module, not a path under the root's.
    alias: [
      { find: /^@cohesion\/geo$/, replacement: src('./packages/geo/src/index.ts') },
      // Every subpath (stats, geography, segregation/spatial, …) to its own source index.
      { find: /^@cohesion\/geo\/([a-z/]+)$/, replacement: src('./packages/geo/src/$1/index.ts') },
    ],
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
