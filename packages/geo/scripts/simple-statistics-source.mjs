// An esbuild plugin for every build that bundles geo (its vendor step, the map's script-tag build):
// `simple-statistics` resolves to its source module of ckmeans, the one function geo uses. The
// package's only ES entry (dist/simple-statistics.mjs) runs code at load (the Bayes and perceptron
// classifiers' prototypes, a standard normal table) that no bundler can drop, ≈1.8 KB minified on
// every page with a map; its "exports" hide src/, so the file is named by path. A name geo starts
// importing from simple-statistics must be added here (the build fails until it is).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The plugin, resolving simple-statistics from `geoDir` (packages/geo: the caller passes it, as a
 * bundled build config, such as tsup's, has its own `import.meta.url`).
 * @param {string} geoDir
 * @returns {import('esbuild').Plugin}
 */
export function simpleStatisticsSource(geoDir) {
  const main = createRequire(join(geoDir, 'package.json')).resolve('simple-statistics');
  const src = join(dirname(main), '..', 'src');
  return {
    name: 'simple-statistics-source',
    setup(build) {
      build.onResolve({ filter: /^simple-statistics$/ }, () => ({
        path: 'simple-statistics',
        namespace: 'ss-src',
      }));
      build.onLoad({ filter: /.*/, namespace: 'ss-src' }, () => ({
        contents: `export { default as ckmeans } from ${JSON.stringify(join(src, 'ckmeans.js'))};`,
        resolveDir: src,
        loader: 'js',
      }));
    },
  };
}
