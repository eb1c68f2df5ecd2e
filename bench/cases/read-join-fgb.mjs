/** Read FlatGeobuf areas + census CSV + join by code. */
import { readJoinCase } from '../lib/read-join.mjs';

export default readJoinCase('fgb');
