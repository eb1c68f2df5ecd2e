#!/usr/bin/env node
// Writes docs/data-sources.md from data/catalogue.json, so the page always lists exactly the
// datasets the code resolves, with their publishers, licences and download pages.
//   node scripts/data-sources.mjs          write the page
//   node scripts/data-sources.mjs --check  exit 1 if the page is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'data-sources.md');

/** The page for a catalogue (pure: the test calls it too). */
export function renderDataSources(catalogue) {
  const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
  const lines = [
    '# Data sources and licences',
    '',
    '<!-- Generated from data/catalogue.json by `node scripts/data-sources.mjs`; do not edit by hand. -->',
    '',
    'The repository carries every file below in [`data/`](../data/) (real published UK open data; files',
    'over 300 KB gzipped, read transparently by every Cohesion reader), about 10 MB in all. Analyses read',
    'from `COHESION_DATA_DIR` if set (a folder of your own downloads, gzipped or not), otherwise from',
    '`data/`. The conformance tests read the reference figures in `data/reference/`. Datasets are named in',
    '[`data/catalogue.json`](../data/catalogue.json) and resolved with `resolveDataset(name)` from',
    '`@cohesion/data` (a missing file is an error naming the file and its official download page).',
    '',
    '## Attribution',
    '',
    'Show this wherever these data are displayed (the report and `<cohesion-map>` show it by default):',
    '',
    '> Contains National Statistics data © Crown copyright and database right; Contains OS data © Crown copyright and database right; Contains public sector information licensed under the Open Government Licence v3.0.',
    '',
    'OGL v3: <https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>. Police data:',
    'data.police.uk locations are anonymised to nearby points and snapped to a fixed set of map points.',
    '',
    '## Publishers',
    '',
    '| source | publisher | licence | where to download |',
    '| --- | --- | --- | --- |',
  ];
  for (const [key, s] of Object.entries(catalogue.sources)) {
    lines.push(`| \`${key}\` | ${cell(s.publisher)} | ${cell(s.licence)} | <${s.url}> |`);
  }
  for (const [name, d] of Object.entries(catalogue.datasets)) {
    lines.push('', `## \`${name}\` — ${cell(d.title)}`, '');
    if (d.council) lines.push(`Council: ${d.council.name} (${d.council.code}).`, '');
    lines.push('| key | file | kind | what | source | CRS |', '| --- | --- | --- | --- | --- | --- |');
    for (const [key, f] of Object.entries(d.files)) {
      lines.push(
        `| \`${key}\` | \`${f.path}\` | ${f.kind} | ${cell(f.description)} | \`${f.source}\` | ${f.crs ?? ''} |`,
      );
    }
  }
  lines.push(
    '',
    '## Using your own council',
    '',
    'Download LSOA 2021 boundaries (ONS Open Geography Portal, generalised, "BGC"), the Census 2021 TS021',
    'ethnic group table at LSOA level (Nomis), OS Open Greenspace (sites and access points) and street-level',
    'crime CSVs (data.police.uk) for your area, then run the `cohesion` commands on those files, or add an',
    'entry to `data/catalogue.json` and run `cohesion report --dataset NAME`. Any council in the 2011 national',
    'table gets the aspatial benchmark with `cohesion report --council NAME`.',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const catalogue = JSON.parse(readFileSync(join(root, 'data', 'catalogue.json'), 'utf8'));
  const page = renderDataSources(catalogue);
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== page) {
      console.error('docs/data-sources.md is out of date: run node scripts/data-sources.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(target, page);
    console.log(`wrote ${target}`);
  }
}
