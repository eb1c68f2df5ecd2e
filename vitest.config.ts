import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, not dist, so a stale build can never pass a test.
    // Exact matches: a subpath (`@cohesion/geo/stats`) is its own module, not a path under the root's.
    alias: [
      { find: /^@cohesion\/geo$/, replacement: src('./packages/geo/src/index.ts') },
      { find: /^@cohesion\/geo\/stats$/, replacement: src('./packages/geo/src/stats/index.ts') },
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
