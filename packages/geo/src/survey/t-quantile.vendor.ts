// stdlib's Student t quantile, bundled into this module when the package is built
// (scripts/vendor.mjs): the published @stdlib package pulls in dozens of @stdlib micro-packages.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export default tQuantile;
