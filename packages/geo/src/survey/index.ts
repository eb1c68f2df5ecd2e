// Public API of survey/ — re-exported from the package entry point.

export { type AggregatedRow, aggregatedEstimates, toAggregatedRows } from './aggregated.js';
export {
  publishEstimates,
  type SurveyAreaResult,
  type SurveyEstimateOptions,
  type SurveyEstimates,
  type SurveyOverallResult,
  surveyEstimates,
} from './analyse.js';
export { type AreaEstimate, type ByAreaOptions, surveyByArea } from './by-area.js';
export {
  type AreaChange,
  compareSurveys,
  compareWaves,
  type WaveChange,
  type WaveEstimate,
} from './change.js';
export { type LonelyPsu, type SurveyDesign, type SurveyDesignInput, surveyDesign } from './design.js';
export { type SurveyEstimate, surveyMean } from './estimate.js';
export { type IntervalMethod, type IntervalOptions, proportionInterval } from './intervals.js';
export { type AreaRank, type RankOptions, rankAreas } from './rank.js';
export { type SurveyColumns, type SurveyResponses, surveyResponses } from './responses.js';
export { DEFAULT_MIN_N, type SampleFlag, type SmallSampleRule, sampleFlag } from './suppression.js';
