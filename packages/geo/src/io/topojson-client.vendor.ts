// topojson-client's `feature`, bundled into this module when the package is built
// (scripts/vendor.mjs): the published topojson-client pulls in its command-line tools' commander.
export { feature } from 'topojson-client';
