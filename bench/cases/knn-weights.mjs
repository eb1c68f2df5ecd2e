/** KNN weights (k = 6) vs spdep knearneigh and libpysal KNN (issue 4). */
import { knnCase } from '../lib/weights-cases.mjs';

export default knnCase(6);
