/**
 * `@cohesion/report`: the cohesion report — an HTML page (maps, charts and a plain-English note
 * per section; its stylesheet and scripts beside it or inline) plus GeoJSON/CSV results, computed with `@cohesion/geo`.
 * @packageDocumentation
 */

export {
  type CensusGroup,
  type CensusReadOptions,
  type CensusTable,
  type CensusYear,
  geographyLabel,
  groupName,
  propertiesTable,
  type RecognisedLayout,
  readCensusTable,
  recogniseLayout,
} from './census.js';
export {
  type CensusComparison,
  type CensusSide,
  CHANGE_INDICES,
  type ChangeIndex,
  type CompareOptions,
  compareCensuses,
  type GroupChange,
  type IndexChange,
} from './change.js';
export {
  type Bar,
  type BarChartOptions,
  barChart,
  type ChoroplethOptions,
  choroplethSvg,
  escapeHtml,
  type LineChartOptions,
  lineChart,
} from './charts.js';
export {
  type CensusFileOptions,
  type CouncilReport,
  computeCouncilReport,
  groupSlug,
  type HeadlineIndex,
  incidentAnalysis,
  type ReportOptions,
  reportDatasets,
  tallyEmerging,
} from './compute.js';
export { type RenderOptions, renderReportHtml, roundCoordinates } from './html.js';
export {
  type CouncilRank,
  councilKey,
  describeRank,
  findCouncil,
  NATIONAL_INDICES,
  type NationalBenchmark,
  type NationalIndexKey,
  nationalBenchmark,
} from './national.js';
export {
  computeSurveySection,
  renderSurveySection,
  type SurveyReportOptions,
  type SurveyReportRow,
  type SurveySection,
} from './survey.js';
export {
  checkReportOutput,
  loadInlineMapScript,
  REPORT_FILES,
  type WrittenReport,
  writeReport,
} from './write.js';
