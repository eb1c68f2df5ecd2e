/**
 * The report's code and style as files beside `index.html`, so that it runs under a strict
 * Content-Security-Policy (`script-src 'self'; style-src 'self'`) as well as from disk: classic
 * scripts and stylesheets load from file:// (module scripts would not). The data stay in the page
 * as `<script type="application/json">` blocks, which are never executed and so need no CSP
 * allowance. `--single-file` inlines everything instead (one file to e-mail; needs 'unsafe-inline').
 */

/** File names of the assets, relative to the report folder. */
export const ASSET_FILES = {
  css: 'report.css',
  script: 'report.js',
  map: 'cohesion-map.js',
} as const;

/**
 * The page's own script (classic, no inline handlers): hands each `<cohesion-map>` its data from
 * the JSON blocks (areas, green-space sites, survey), and opens every `<details>` before printing
 * so the paper copy has every table. It runs after the element's script, at the end of `<body>`.
 */
export const REPORT_SCRIPT = `(function () {
  function data(id) {
    var s = document.getElementById(id);
    return s ? JSON.parse(s.textContent) : null;
  }
  var areas = data('cohesion-areas');
  var sites = data('cohesion-sites');
  var survey = data('cohesion-survey-areas');
  document.querySelectorAll('cohesion-map[data-ref]').forEach(function (m) {
    var ref = m.getAttribute('data-ref');
    if (ref === 'survey') {
      if (survey) m.data = survey;
    } else if (areas && ref.indexOf('areas') === 0) {
      if (sites && ref === 'areas+sites') m.sitesData = sites;
      m.data = areas;
    }
  });
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) {
      d.open = true;
    });
  });
})();
`;

/**
 * Shown inside each `<cohesion-map>` only when the element cannot start (JavaScript off or
 * blocked): once it runs, its shadow root replaces this text.
 */
export const MAP_FALLBACK =
  '<p class="map-fallback">This map needs JavaScript, which is off or blocked here. Every area’s figures are in the file <code>areas.csv</code> published with this report.</p>';
