/** Rook contiguity weights vs spdep poly2nb and libpysal Rook (issue 4). */
import { contiguityCase } from '../lib/weights-cases.mjs';

export default contiguityCase('rook');
