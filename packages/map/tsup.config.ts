import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { 'cohesion-map': 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
});
