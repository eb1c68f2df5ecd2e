export {
  alignRows,
  inAreaOrder,
  type KeyedValues,
  type RowOrderOptions,
  reorder,
  reorderRows,
  rowOrder,
  tableInAreaOrder,
  valuesInAreaOrder,
} from './align.js';
export {
  checkAlpha,
  checkInteger,
  checkName,
  checkNeighbourCount,
  checkPositive,
  MAX_PERMUTATIONS,
  MAX_REPLICATES,
} from './args.js';
export { type FiniteValuesOptions, finiteValues, type MissingValuePolicy } from './numbers.js';
export { type CountColumn, checkTotalRow, type TotalRowOptions } from './totalrow.js';
