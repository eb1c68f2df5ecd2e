/**
 * The data table: every area's code, name, value and class, sortable by any column (a button in each
 * header, `aria-sort` on the sorted one), the selected area's row marked `aria-selected`.
 */

import { el } from './dom.js';

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

/** What the table shows, read afresh each time it is drawn (a sort redraws it with the current state). */
export type TableRows = Omit<TableInput, 'sort' | 'onSort'>;

/**
 * The "Data table" disclosure under the map: a sortable table of every area and a button that
 * downloads it as CSV. Keeps its own sort order across redraws.
 */
export class TableView {
  readonly details: HTMLDetailsElement;
  readonly table: HTMLTableElement;
  #tbody: HTMLTableSectionElement = el('tbody');
  #sort: TableSort = { col: -1, dir: 1 };
  #rows: (() => TableRows) | undefined;
  #download: () => void;

  constructor(download: () => void) {
    this.#download = download;
    this.details = el('details');
    this.table = el('table', { part: 'table' });
    const wrap = el('div', { class: 'tablewrap' });
    wrap.append(this.table);
    this.details.append(el('summary', {}, 'Data table'), wrap);
  }

  /** Draws the table from `rows` (called again, with the state then current, after a sort). */
  render(rows: () => TableRows): void {
    this.#rows = rows;
    const t = rows();
    this.#tbody = renderTable(this.table, {
      ...t,
      sort: this.#sort,
      onSort: (sort) => {
        this.#sort = sort;
        if (this.#rows) this.render(this.#rows);
        (this.table.querySelectorAll('th button')[sort.col] as HTMLButtonElement | undefined)?.focus();
      },
    });
    const { details } = this;
    if (!details.querySelector('button.download')) {
      const dl = el('button', { type: 'button', class: 'download' }, 'Download data (CSV)');
      dl.addEventListener('click', () => this.#download());
      details.append(dl);
    }
    (details.firstChild as HTMLElement).textContent = `Data table (${t.ids.length} areas)`;
  }

  /** Marks the row of area `id` as selected (none for undefined). */
  select(id: string | undefined): void {
    this.#tbody.querySelector('tr[aria-selected]')?.removeAttribute('aria-selected');
    if (id === undefined) return;
    for (const tr of this.#tbody.rows) if (tr.dataset.id === id) tr.setAttribute('aria-selected', 'true');
  }

  /** Empties the table (the error state). */
  clear(): void {
    this.#tbody.replaceChildren();
    this.table.replaceChildren();
  }
}
