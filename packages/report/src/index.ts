/**
 * `@cohesion/report`: the cohesion report — one self-contained HTML file (maps, charts and a
 * plain-English note per section) plus GeoJSON/CSV results, computed with `@cohesion/geo`.
 * @packageDocumentation
 */
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
  type CouncilReport,
  computeCouncilReport,
  groupSlug,
  type HeadlineIndex,
  type ReportOptions,
  reportDatasets,
} from './compute.js';
export { type RenderOptions, renderReportHtml, roundCoordinates } from './html.js';
export {
  type CouncilRank,
  NATIONAL_INDICES,
  type NationalBenchmark,
  type NationalIndexKey,
  nationalBenchmark,
} from './national.js';
export { loadInlineMapScript, type WrittenReport, writeReport } from './write.js';
