/** Source file of each import path of @cohesion/geo, relative to packages/geo/src. */
export declare const GEO_SOURCE_FILES: Readonly<Record<string, string>>;
/** esbuild `alias` option: every import path to its absolute source file. */
export declare function geoSourceAliases(): Record<string, string>;
