// The functions under test, from the package source, and every council name the codes table knows.
import { COUNCIL_CODES } from '../src/council-codes.js';

export { areaKind, geographyLabel, readCensusTable, recogniseLayout } from '../src/census.js';
export { compareCensuses } from '../src/change.js';
export { rankShare } from '../src/format.js';
export { councilKey, describeRank, findCouncil } from '../src/national.js';
export const COUNCIL_NAMES_FOR_TEST: string[] = COUNCIL_CODES.map(([n]) => n);
