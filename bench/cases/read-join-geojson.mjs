/** Read GeoJSON areas + census CSV + join by code (issue 2: GM LSOAs well under a second). */
import { readJoinCase } from '../lib/read-join.mjs';

export default readJoinCase('geojson');
