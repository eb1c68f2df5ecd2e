import type { Plugin } from 'esbuild';
/** esbuild plugin: `simple-statistics` → its side-effect-free source module of ckmeans, resolved from geoDir. */
export declare function simpleStatisticsSource(geoDir: string): Plugin;
