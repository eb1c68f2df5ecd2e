// d3-dsv's parser, bundled into this module when the package is built (scripts/vendor.mjs): the
// published d3-dsv depends on its command-line tools' commander, iconv-lite and rw. It replaces
// papaparse (19 KB minified against d3-dsv's 3 KB), which <cohesion-map> carried to every page.
export { dsvFormat } from 'd3-dsv';
