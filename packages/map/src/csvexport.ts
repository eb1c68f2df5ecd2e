/**
 * The data table as a CSV file: code, name, value and class of every area, in feature order. Cells
 * go through geo's one spreadsheet-safe cell writer, as the CLI's and the report's CSVs do.
 */
import { csvCell } from '@cohesion/geo/tables';

/** What {@link areasCsv} writes. */
export interface CsvRows {
  /** Header of the value column (the field name, with its share or quotient). */
  valueName: string;
  ids: readonly string[];
  names: readonly string[];
  values: ArrayLike<number>;
  /** Class label of area i, or null for no data. */
  classLabel: (i: number) => string | null;
}

/** CSV text (CRLF line ends, RFC 4180): `area_code,area_name,<value>,class`; no data is a blank cell. */
export function areasCsv(t: CsvRows): string {
  const header = ['area_code', 'area_name', t.valueName, 'class'];
  const lines = [header.map(csvCell).join(',')];
  t.ids.forEach((id, i) => {
    const v = t.values[i] as number;
    lines.push(
      [id, t.names[i] as string, Number.isNaN(v) ? '' : String(v), t.classLabel(i) ?? '']
        .map(csvCell)
        .join(','),
    );
  });
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Offers `csv` as a download named after the map's label, through a temporary link inside `root`
 * (a shadow root: the link never shows in the page).
 */
export function downloadCsv(root: ParentNode, csv: string, label: string | null): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${(label ?? 'cohesion-map').replace(/[^\w-]+/g, '_').slice(0, 80)}.csv`;
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
