// The early-warning section: computed from the Trafford wards and burglaries in data/, and rendered.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@cohesion/geo';
import { describe, expect, it } from 'vitest';
import { computeReportAlerts, renderAlertsSection } from '../src/alerts.js';

const DATA = fileURLToPath(new URL('../../../data/trafford/', import.meta.url));
const burglary = {
  path: `${DATA}crime_burglary_2016-02_to_2019-01.csv`,
  kind: 'incidents',
  lon: 'Longitude',
  lat: 'Latitude',
  time: 'Month',
} as never;
const wards = {
  path: `${DATA}ward22_boundaries_generalised.geojson`,
  kind: 'areas',
  id: 'area_code',
  name: 'area_name',
} as never;

describe('report early warning', () => {
  it('lists the wards above their Farrington threshold in January 2019 with a chart each and a ward map', async () => {
    const a = await computeReportAlerts(burglary, wards);
    expect(a.wards).toBe(21);
    expect(a.to).toBe('2019-01');
    expect(a.alarmByWard).toHaveLength(21);
    const wardAlarms = a.alarming.filter((x) => x.code !== 'all');
    expect(a.alarmByWard.reduce((s, v) => s + v, 0)).toBe(wardAlarms.length);
    // The council total's latest count is January 2019's burglaries in the file (all inside Trafford).
    const jan = parseCsv(readFileSync(`${DATA}crime_burglary_2016-02_to_2019-01.csv`, 'utf8')).rows.filter(
      (r) => r.Month === '2019-01',
    ).length;
    for (const x of a.alarming) {
      expect(x.count).toBeGreaterThan(x.latestThreshold as number);
      expect(x.observed.at(-1)).toBe(x.count);
      expect(x.periods.at(-1)).toBe('2019-01');
      if (x.code === 'all') expect(x.count).toBe(jan);
    }
    const html = renderAlertsSection(a, 'Contains OS data');
    expect(html).toContain('<section id="alerts"');
    // One line chart (wide + narrow drawings) per alarming area, plus the ward map.
    expect(html.match(/<figure class="lines">/g) ?? []).toHaveLength(a.alarming.length);
    expect(html).toContain(`Burglaries above the threshold, by ward, 2019-01`);
    expect(html.match(/<path [^>]*fill="#b2182b"/g) ?? []).toHaveLength(wardAlarms.length);
    for (const x of wardAlarms) expect(html).toContain(x.name);
    expect(html).toMatch(/by chance alone/);
  });
});
