// proj4, bundled into this module when the package is built (scripts/vendor.mjs): the published
// proj4 depends on geotiff and its codecs (11 packages) that the BNG transformation never uses.
import proj4 from 'proj4';

export default proj4;
