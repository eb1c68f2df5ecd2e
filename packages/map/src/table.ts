/**
 * The data table: every area's code, name, value and class, sortable by any column (a button in each
 * header, `aria-sort` on the sorted one), the selected area's row marked `aria-selected`.
 */

/** Sort state: column index (−1 none) and direction. */
export interface TableSort {
  col: number;
  dir: 1 | -1;
}

/** What {@link renderTable} shows. */
export interface TableInput {
  caption: string;
  /** Column headers for people (code, name, value, class). */
  headers: [string, string, string, string];
  ids: readonly string[];
  names: readonly string[];
  values: ArrayLike<number>;
  classOf: ArrayLike<number> | undefined;
  classLabel: (i: number) => string;
  valueText: (i: number) => string;
  selected: number;
  sort: TableSort;
  onSort: (sort: TableSort) => void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Row order for a sort: numbers ascending or descending with no data last; text in natural order. */
function sortedRows(t: TableInput): number[] {
  const rows = Array.from({ length: t.ids.length }, (_, i) => i);
  const { col, dir } = t.sort;
  if (col < 0) return rows;
  const key = (i: number): string | number =>
    col === 0
      ? (t.ids[i] as string)
      : col === 1
        ? (t.names[i] as string)
        : col === 2
          ? (t.values[i] as number)
          : ((t.classOf?.[i] as number | undefined) ?? -1);
  return rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (typeof ka === 'number' && typeof kb === 'number') {
      // No data sorts last in both directions.
      if (Number.isNaN(ka)) return Number.isNaN(kb) ? a - b : 1;
      if (Number.isNaN(kb)) return -1;
      return (ka - kb) * dir || a - b;
    }
    return String(ka).localeCompare(String(kb), undefined, { numeric: true }) * dir || a - b;
  });
}

/** Fills `table` (caption, header, body) and returns the new body. */
export function renderTable(table: HTMLTableElement, t: TableInput): HTMLTableSectionElement {
  const cap = el('caption', { class: 'sr' }, t.caption);
  const thead = el('thead');
  const hr = el('tr');
  t.headers.forEach((h, c) => {
    const th = el('th', { scope: 'col' });
    if (t.sort.col === c) th.setAttribute('aria-sort', t.sort.dir === 1 ? 'ascending' : 'descending');
    const b = el('button', { type: 'button' }, h);
    b.addEventListener('click', () =>
      t.onSort({ col: c, dir: t.sort.col === c ? (-t.sort.dir as 1 | -1) : 1 }),
    );
    th.append(b);
    hr.append(th);
  });
  thead.append(hr);
  const tbody = el('tbody');
  for (const i of sortedRows(t)) {
    const tr = el('tr', { 'data-id': t.ids[i] as string });
    if (i === t.selected) tr.setAttribute('aria-selected', 'true');
    tr.append(
      el('td', {}, t.ids[i]),
      el('td', {}, t.names[i]),
      el('td', { class: 'num' }, t.valueText(i)),
      el('td', {}, t.classLabel(i)),
    );
    tbody.append(tr);
  }
  table.replaceChildren(cap, thead, tbody);
  return tbody;
}
