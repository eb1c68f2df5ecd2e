// topojson-client ships no types; the element only needs `feature`.
declare module 'topojson-client' {
  export function feature(topology: unknown, object: unknown): unknown;
}
