import {
  CohesionError,
  isCohesionError,
  numericColumn,
  parseOnsCode,
  type Table,
  tableIdIndex,
} from '@cohesion/geo';
// Exported by the tables subpath only (the root is at its export limit).
import { checkTotalRow } from '@cohesion/geo/tables';
import { int } from './format.js';

/** Census year of an ethnic-group table. */
export type CensusYear = 2011 | 2021;

/** One ethnic-group column of a census table. */
export interface CensusGroup {
  /** Column (or area property) it was read from; `null` for the remainder added by the reader. */
  column: string | null;
  /** Readable name, `Broad: Detail` as ONS writes it (e.g. `White: Irish`). */
  label: string;
  /** Part of the White broad group; `null` when the layout does not say (unrecognised tables). */
  white: boolean | null;
  /** Counts in area order. */
  counts: Float64Array;
}

/** An ethnic-group table read for a list of areas: what it is and its counts in area order. */
export interface CensusTable {
  /** Recognised layout (e.g. `Census 2021 TS021`), or `null` when the columns were named by flags. */
  layout: string | null;
  year: CensusYear;
  /** Area ids in the order of the counts. */
  ids: string[];
  totalColumn: string;
  total: Float64Array;
  /** Mutually exclusive groups that add up to the total (a remainder is added when they do not). */
  groups: CensusGroup[];
  /** Index in `groups` of the reference group (White British for recognised layouts). */
  reference: number;
  /** Where the counts came from. */
  source: string;
  /** What the reader did that a user should know (a remainder group, rows outside the areas). */
  notes: string[];
}

/** How to read an ethnic-group table: which columns, and what they are when the layout is not recognised. */
export interface CensusReadOptions {
  /** Column with the area code (default: `area_code` or `geography code`, else the most detailed ONS code column present: `OA21CD`/`OA11CD` before `LSOA…CD`, `MSOA…CD`, `WD…CD`, `LAD…CD`, then `code`). */
  id?: string;
  /** Total column (default: the layout's). */
  total?: string;
  /** Group columns (default: the layout's, or every numeric column but the id and total). */
  groups?: readonly string[];
  /** Reference group column (default: the layout's White British; required otherwise). */
  referenceGroup?: string;
  /** Census year (default: the layout's; required otherwise). A recognised layout's year cannot be contradicted. */
  year?: number;
  /** The flags that set `id` and `year`, named in messages (default `--table-id`, `--year`). */
  flags?: { id?: string; year?: string };
}

interface Category {
  /** Canonical label (2021 wording). */
  label: string;
  white: boolean;
  /** Matches the normalised `broad: detail` header of TS021 (2021) and KS201EW (2011). */
  test: (broad: string, detail: string) => boolean;
}

// The 19 categories of Census 2021 TS021 (18 in 2011 KS201EW: no Roma). Headers are matched on
// their normalised broad and detail parts so both censuses' wordings are recognised:
// "Asian, Asian British or Asian Welsh: Pakistani" (2021) and "Asian/Asian British: Pakistani" (2011).
const CATEGORIES: Category[] = [
  {
    label: 'White: English, Welsh, Scottish, Northern Irish or British',
    white: true,
    test: (b, d) => b.startsWith('white') && /english/.test(d) && /british/.test(d),
  },
  { label: 'White: Irish', white: true, test: (b, d) => b.startsWith('white') && d === 'irish' },
  {
    label: 'White: Gypsy or Irish Traveller',
    white: true,
    test: (b, d) => b.startsWith('white') && /gypsy/.test(d),
  },
  { label: 'White: Roma', white: true, test: (b, d) => b.startsWith('white') && d === 'roma' },
  {
    label: 'White: Other White',
    white: true,
    test: (b, d) => b.startsWith('white') && /other white/.test(d),
  },
  {
    label: 'Mixed or Multiple ethnic groups: White and Black Caribbean',
    white: false,
    test: (b, d) => b.startsWith('mixed') && /white and black caribbean/.test(d),
  },
  {
    label: 'Mixed or Multiple ethnic groups: White and Black African',
    white: false,
    test: (b, d) => b.startsWith('mixed') && /white and black african/.test(d),
  },
  {
    label: 'Mixed or Multiple ethnic groups: White and Asian',
    white: false,
    test: (b, d) => b.startsWith('mixed') && /white and asian/.test(d),
  },
  {
    label: 'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups',
    white: false,
    test: (b, d) => b.startsWith('mixed') && /other mixed/.test(d),
  },
  {
    label: 'Asian, Asian British or Asian Welsh: Indian',
    white: false,
    test: (b, d) => b.startsWith('asian') && d === 'indian',
  },
  {
    label: 'Asian, Asian British or Asian Welsh: Pakistani',
    white: false,
    test: (b, d) => b.startsWith('asian') && d === 'pakistani',
  },
  {
    label: 'Asian, Asian British or Asian Welsh: Bangladeshi',
    white: false,
    test: (b, d) => b.startsWith('asian') && d === 'bangladeshi',
  },
  {
    label: 'Asian, Asian British or Asian Welsh: Chinese',
    white: false,
    test: (b, d) => b.startsWith('asian') && d === 'chinese',
  },
  {
    label: 'Asian, Asian British or Asian Welsh: Other Asian',
    white: false,
    test: (b, d) => b.startsWith('asian') && /other asian/.test(d),
  },
  {
    label: 'Black, Black British, Black Welsh, Caribbean or African: African',
    white: false,
    test: (b, d) => b.startsWith('black') && d === 'african',
  },
  {
    label: 'Black, Black British, Black Welsh, Caribbean or African: Caribbean',
    white: false,
    test: (b, d) => b.startsWith('black') && d === 'caribbean',
  },
  {
    label: 'Black, Black British, Black Welsh, Caribbean or African: Other Black',
    white: false,
    test: (b, d) => b.startsWith('black') && /other black/.test(d),
  },
  { label: 'Other ethnic group: Arab', white: false, test: (b, d) => b.startsWith('other') && d === 'arab' },
  {
    label: 'Other ethnic group: Any other ethnic group',
    white: false,
    test: (b, d) => b.startsWith('other') && /any other ethnic group/.test(d),
  },
];

/**
 * The short column names of the MLID files (Census 2011 KS201EW via the UK Data Service): 14
 * groups; `Persons` minus their sum is White: Gypsy or Irish Traveller.
 */
const MLID: Record<string, { label: string; white: boolean }> = {
  WhiteBrit: { label: 'White: English, Welsh, Scottish, Northern Irish or British', white: true },
  Irish: { label: 'White: Irish', white: true },
  OtherWhite: { label: 'White: Other White', white: true },
  Mixed: { label: 'Mixed or Multiple ethnic groups', white: false },
  Indian: { label: 'Asian, Asian British or Asian Welsh: Indian', white: false },
  Pakistani: { label: 'Asian, Asian British or Asian Welsh: Pakistani', white: false },
  Bangladeshi: { label: 'Asian, Asian British or Asian Welsh: Bangladeshi', white: false },
  Chinese: { label: 'Asian, Asian British or Asian Welsh: Chinese', white: false },
  OtherAsian: { label: 'Asian, Asian British or Asian Welsh: Other Asian', white: false },
  BlkAfrican: { label: 'Black, Black British, Black Welsh, Caribbean or African: African', white: false },
  BlkCaribbean: { label: 'Black, Black British, Black Welsh, Caribbean or African: Caribbean', white: false },
  OtherBlk: { label: 'Black, Black British, Black Welsh, Caribbean or African: Other Black', white: false },
  Arab: { label: 'Other ethnic group: Arab', white: false },
  Other: { label: 'Other ethnic group: Any other ethnic group', white: false },
};
const MLID_REST = { label: 'White: Gypsy or Irish Traveller', white: true };

/**
 * Id columns tried, in order, when `id` is not given: the generic names, then ONS code columns
 * from the most detailed geography to the least (an output-area file also carries its LSOA, MSOA
 * and council codes, which repeat), then `code`.
 */
const ID_COLUMNS: readonly { name: string; test: (c: string) => boolean }[] = [
  { name: 'area_code', test: (c) => c === 'area_code' },
  { name: 'geography code', test: (c) => c === 'geography code' },
  { name: 'OA21CD / OA11CD', test: (c) => /^oa\d{2}cd$/i.test(c) },
  { name: 'LSOA21CD / LSOA11CD', test: (c) => /^lsoa\d{2}cd$/i.test(c) },
  { name: 'MSOA21CD / MSOA11CD', test: (c) => /^msoa\d{2}cd$/i.test(c) },
  { name: 'WD22CD (any ward year)', test: (c) => /^wd\d{2}cd$/i.test(c) },
  { name: 'LAD21CD (any year)', test: (c) => /^(lad|ltla|utla)\d{2}cd$/i.test(c) },
  { name: 'code', test: (c) => c === 'code' },
];

/** A header split into its normalised broad group and detail, or a kind (total, percentage, other). */
function parseHeader(h: string): { kind: 'total' | 'skip' | 'group'; broad: string; detail: string } {
  let s = h.trim().toLowerCase();
  if (/;\s*measures:/.test(s)) {
    if (!/;\s*measures:\s*value\s*$/.test(s)) return { kind: 'skip', broad: '', detail: '' };
    s = s.replace(/;\s*measures:\s*value\s*$/, '');
  }
  s = s.replace(/^ethnic group:\s*/, '');
  if (/all usual residents|^total(\b|_)/.test(s)) return { kind: 'total', broad: '', detail: '' };
  const colon = s.indexOf(':');
  if (colon < 0) return { kind: 'skip', broad: s, detail: '' };
  return { kind: 'group', broad: s.slice(0, colon).trim(), detail: s.slice(colon + 1).trim() };
}

/** A layout recognised from the header row: its name, year, columns and their categories. */
export interface RecognisedLayout {
  name: string;
  year: CensusYear;
  total: string;
  groups: { column: string; label: string; white: boolean }[];
  /** Column of White British. */
  reference: string;
  /** The groups do not cover the total: the remainder is this group. */
  rest?: { label: string; white: boolean };
}

/**
 * Recognises the census layout from a header row: Census 2021 TS021 (as Nomis writes it, with or
 * without the `Ethnic group: ` prefix), Census 2011 KS201EW (`Ethnic Group: …; measures: Value`)
 * and the MLID short names (`Persons`, `WhiteBrit`, …). Broad-group subtotals and percentage
 * columns are left out. Returns `null` when the header is none of these.
 */
export function recogniseLayout(columns: readonly string[]): RecognisedLayout | null {
  const set = new Set(columns);
  const mlid = Object.keys(MLID);
  if (set.has('Persons') && mlid.every((c) => set.has(c))) {
    return {
      name: 'Census 2011 KS201EW (MLID short names)',
      year: 2011,
      total: 'Persons',
      groups: mlid.map((c) => ({ column: c, ...MLID[c]! })),
      reference: 'WhiteBrit',
      rest: MLID_REST,
    };
  }
  let total: string | null = null;
  const groups: { column: string; label: string; white: boolean }[] = [];
  const seen = new Set<string>();
  let wording2011 = 0;
  let wording2021 = 0;
  for (const c of columns) {
    const h = parseHeader(c);
    if (h.kind === 'total' && total === null) total = c;
    if (h.kind !== 'group') continue;
    const cat = CATEGORIES.find((k) => k.test(h.broad, h.detail));
    if (!cat || seen.has(cat.label)) continue;
    seen.add(cat.label);
    groups.push({ column: c, label: cat.label, white: cat.white });
    if (/\//.test(h.broad) || /\//.test(h.detail)) wording2011++;
    if (/welsh/.test(h.broad) || h.detail === 'roma') wording2021++;
  }
  const wb = groups.find((g) => g.label === CATEGORIES[0]!.label);
  if (!total || !wb || groups.length < 18) return null;
  const is2021 = seen.has('White: Roma') || wording2021 > wording2011;
  return {
    name: is2021 ? 'Census 2021 TS021' : 'Census 2011 KS201EW',
    year: is2021 ? 2021 : 2011,
    total,
    groups,
    reference: wb.column,
  };
}

/** The table's rows in the order of `ids`; ids missing from the table are an error, extra rows are ignored. */
function rowsFor(
  table: Table,
  idColumn: string,
  ids: readonly string[],
  areasSource: string,
): { rows: number[]; extra: number } {
  const rowOf = tableIdIndex(table, idColumn).index;
  let matched = 0;
  for (const id of ids) if (rowOf.has(id)) matched++;
  if (matched === 0 && ids.length > 0) {
    const a = ids.slice(0, 2).join(', ');
    const b = [...rowOf.keys()].slice(0, 2).join(', ');
    throw new CohesionError(
      'UNMATCHED_CODE',
      `none of the ${ids.length} areas of ${areasSource} (${a}, …) is in ${table.source} (${b}, …): are the two files for the same council and the same kind of area?`,
      { source: table.source, column: idColumn },
    );
  }
  const rows = ids.map((id, i) => {
    const r = rowOf.get(id);
    if (r === undefined) {
      throw new CohesionError(
        'UNMATCHED_CODE',
        `area "${id}" (feature ${i + 1} of ${areasSource}) has no row in ${table.source} (${ids.length - matched} of ${ids.length} areas unmatched)`,
        { feature: i, id, source: table.source },
      );
    }
    return r;
  });
  return { rows, extra: table.rows.length - matched };
}

function pick(table: Table, column: string, rows: readonly number[]): Float64Array {
  const col = numericColumn(table, column);
  return Float64Array.from(rows, (r) => col[r]!);
}

/** The id column: the one given, else the first usual name present (the most detailed geography first). */
export function idColumnOf(table: Table, id?: string, flag = '--table-id'): string {
  if (id) {
    if (!table.columns.includes(id))
      throw new CohesionError(
        'MISSING_COLUMN',
        `${table.source} has no id column "${id}" (columns: ${table.columns.slice(0, 6).join(', ')}, …)`,
        { column: id, source: table.source },
      );
    return id;
  }
  for (const k of ID_COLUMNS) {
    const found = table.columns.find(k.test);
    if (found) return found;
  }
  throw new CohesionError(
    'MISSING_COLUMN',
    `${table.source}: say which column holds the area codes (${flag}); none of ${ID_COLUMNS.map((k) => k.name).join(', ')} is there`,
    { source: table.source },
  );
}

/** Other columns holding a distinct ONS code on every row (for a message when the guessed one repeats codes). */
function otherIdColumns(table: Table, idColumn: string): string[] {
  return table.columns.filter((c) => {
    if (c === idColumn) return false;
    const seen = new Set<string>();
    for (const r of table.rows) {
      const v = (r[c] ?? '').trim();
      if (seen.has(v) || !parseOnsCode(v)) return false;
      seen.add(v);
    }
    return seen.size > 0;
  });
}

/**
 * Reads an ethnic-group table for the areas `ids` (in that order). A recognised layout (see
 * {@link recogniseLayout}) sets the year, the total, the groups and the reference group (White
 * British); flags override the columns. An unrecognised layout needs `referenceGroup` and `year`
 * (and `groups`, else every numeric column but the id and total is a group) and is never guessed.
 * When the groups add up to less than the total, the remainder becomes one more group, so the
 * multigroup indices see everyone; more than the total is an error naming the row.
 */
export function readCensusTable(
  table: Table,
  ids: readonly string[] | null,
  options: CensusReadOptions & { areasSource?: string } = {},
): CensusTable {
  const source = table.source ?? 'table';
  const idFlag = options.flags?.id ?? '--table-id';
  const yearFlag = options.flags?.year ?? '--year';
  const idColumn = idColumnOf(table, options.id, idFlag);
  const recognised = recogniseLayout(table.columns);
  // A recognised layout is one census: a --year saying another would label one census as the other.
  if (recognised && options.year !== undefined && options.year !== recognised.year)
    throw new CohesionError(
      'INVALID_ARGUMENT',
      `${source} is a Census ${recognised.year} table (${recognised.name}), but ${yearFlag} says ${options.year}; drop ${yearFlag} or give the Census ${options.year} table`,
      { source, value: options.year, expected: recognised.year },
    );
  const notes: string[] = [];
  const layoutName = recognised && !options.groups ? recognised.name : null;
  if (!layoutName && !options.referenceGroup) {
    throw new CohesionError(
      'MISSING_INPUT',
      `${source}: the census layout is not recognised (not Census 2021 TS021, Census 2011 KS201EW or the MLID names); give --reference-group COL and --year 2011|2021${options.groups ? '' : ' (and --groups COL,…)'}`,
      { source },
    );
  }
  const year = options.year ?? (layoutName ? recognised!.year : undefined);
  if (year !== 2011 && year !== 2021) {
    throw new CohesionError(
      'MISSING_INPUT',
      year === undefined
        ? `${source}: the census layout is not recognised, so its year is unknown; give ${yearFlag} 2011 or 2021`
        : `${yearFlag} must be 2011 or 2021, got ${year}`,
      { source, value: year },
    );
  }
  const totalColumn = options.total ?? recognised?.total;
  if (!totalColumn)
    throw new CohesionError(
      'MISSING_INPUT',
      `${source}: say which column holds the total population (--total COL)`,
      {
        source,
      },
    );
  const areaIds = ids ?? table.rows.map((r) => (r[idColumn] ?? '').trim());
  let found: ReturnType<typeof rowsFor>;
  try {
    found = rowsFor(table, idColumn, areaIds, options.areasSource ?? 'the areas');
  } catch (e) {
    // A guessed code column that repeats codes is usually a parent geography's (an OA file's LSOA11CD).
    if (options.id || !isCohesionError(e) || e.code !== 'DUPLICATE_CODE') throw e;
    const others = otherIdColumns(table, idColumn);
    throw new CohesionError(
      'DUPLICATE_CODE',
      `${e.message} (the area code column was guessed as "${idColumn}"; give ${idFlag} COL to read another${others.length ? `, e.g. ${idFlag} ${others[0]}` : ''})`,
      { ...e.detail, column: idColumn },
    );
  }
  const { rows, extra } = found;
  if (extra > 0 && ids)
    notes.push(
      `${int(extra)} ${extra === 1 ? 'row' : 'rows'} of ${source} ${extra === 1 ? 'is' : 'are'} for areas outside the map and ${extra === 1 ? 'was' : 'were'} not used.`,
    );
  const known = new Map((recognised?.groups ?? []).map((g) => [g.column, g]));
  let columns: { column: string; label: string; white: boolean | null }[];
  if (options.groups) {
    columns = options.groups.map((c) => {
      if (!table.columns.includes(c))
        throw new CohesionError('MISSING_COLUMN', `${source} has no group column "${c}"`, {
          column: c,
          source,
        });
      const k = known.get(c);
      return { column: c, label: k?.label ?? c, white: k?.white ?? null };
    });
  } else if (recognised) {
    columns = recognised.groups.map((g) => ({ ...g }));
  } else {
    columns = table.columns
      .filter((c) => c !== idColumn && c !== totalColumn)
      .filter((c) => rows.every((r) => /^\s*[-+]?[\d,]*\.?\d+\s*$/.test(table.rows[r]![c] ?? '')))
      .map((c) => ({ column: c, label: c, white: null }));
  }
  const referenceColumn = options.referenceGroup ?? recognised!.reference;
  const reference = columns.findIndex((c) => c.column === referenceColumn);
  if (reference < 0)
    throw new CohesionError(
      'MISSING_COLUMN',
      `reference group "${referenceColumn}" is not among the group columns of ${source}`,
      { column: referenceColumn, source },
    );
  const total = pick(table, totalColumn, rows);
  const groups: CensusGroup[] = columns.map((c) => ({ ...c, counts: pick(table, c.column, rows) }));
  // A spreadsheet's "Total" row would be one more area holding everyone a second time.
  checkTotalRow(
    [
      { name: totalColumn, values: total },
      ...groups.map((g) => ({ name: g.column ?? g.label, values: g.counts })),
    ],
    { ids: areaIds, rows, source },
  );
  // The groups must add up to the total for the multigroup indices: the rest is one more group.
  const rest = new Float64Array(total.length);
  let restSum = 0;
  for (let i = 0; i < total.length; i++) {
    let s = 0;
    for (const g of groups) s += g.counts[i]!;
    const r = total[i]! - s;
    if (r < -1e-9)
      throw new CohesionError(
        'GROUP_EXCEEDS_TOTAL',
        `${source}: the groups add up to ${s} in area ${areaIds[i]}, more than its total ${total[i]} (${totalColumn})`,
        { row: rows[i]!, id: areaIds[i]!, value: s, source },
      );
    rest[i] = Math.max(0, r);
    restSum += rest[i]!;
  }
  if (restSum > 0) {
    const restInfo = layoutName ? recognised!.rest : undefined;
    const label = restInfo?.label ?? `Other (${totalColumn} minus the listed groups)`;
    groups.push({ column: null, label, white: restInfo?.white ?? null, counts: rest });
    if (!restInfo)
      notes.push(
        `${int(restSum)} ${restSum === 1 ? 'resident is' : 'residents are'} in no listed group column; they form one more group, "${label}".`,
      );
  }
  return {
    layout: layoutName,
    year,
    ids: [...areaIds],
    totalColumn,
    total,
    groups,
    reference,
    source,
    notes,
  };
}

/** A table of the areas' own properties (counts carried by the boundaries, e.g. a shapefile export). */
export function propertiesTable(
  features: readonly { properties: Record<string, unknown> | null }[],
  source: string,
): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of features)
    for (const k of Object.keys(f.properties ?? {}))
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  return {
    columns,
    rows: features.map((f) =>
      Object.fromEntries(columns.map((c) => [c, f.properties?.[c] == null ? '' : String(f.properties[c])])),
    ),
    source,
  };
}

/**
 * The geography label of area codes: `LSOA 2011`, `LSOA 2021`, `OA 2021`, `MSOA 2011`, or `ward`
 * (ward boundaries change almost every year, so their year is only what the user says). GSS code
 * prefixes: E01/W01 LSOA, E00/W00 OA, E02/W02 MSOA, E05/W05 ward.
 */
export function geographyLabel(ids: readonly string[], year: CensusYear): string {
  const kinds = new Set(ids.map((id) => id.slice(0, 3)));
  const one = (p: string[]) => [...kinds].every((k) => p.includes(k));
  if (one(['E01', 'W01'])) return `LSOA ${year}`;
  if (one(['E00', 'W00'])) return `OA ${year}`;
  if (one(['E02', 'W02'])) return `MSOA ${year}`;
  if (one(['E05', 'W05'])) return 'ward';
  return 'area';
}

/** The kind of area an ONS code stands for, in words. */
export interface AreaKind {
  /** Singular, as in "LSOA boundaries" (`OA`, `LSOA`, `MSOA`, `ward`, `local authority`, …). */
  kind: string;
  /** Plural, as in "the file has LSOAs". */
  plural: string;
}

/**
 * The kind of area of an ONS GSS code, by its entity prefix: E00/W00 (and S00) output areas,
 * E01/W01 LSOAs, E02/W02 MSOAs, E05/W05 (and S13) wards, E06–E09/W06 local authorities, and the
 * register's name for other entities; `null` for a code that is not a well-formed code of a known entity.
 */
export function areaKind(code: string): AreaKind | null {
  const e = parseOnsCode(code.trim());
  if (!e) return null;
  if (['E06', 'E07', 'E08', 'E09', 'W06', 'S12', 'N09'].includes(e.prefix))
    return { kind: 'local authority', plural: 'local authorities' };
  switch (e.geography) {
    case 'Output Area':
      return { kind: 'OA', plural: 'output areas' };
    case 'LSOA':
    case 'MSOA':
      return { kind: e.geography, plural: `${e.geography}s` };
    case 'Electoral ward':
      return { kind: 'ward', plural: 'wards' };
    default:
      return { kind: e.geography, plural: `areas of kind "${e.geography}"` };
  }
}

/**
 * The kinds of area of a list of codes: each kind with its first code, and how many codes are of
 * no known kind (not ONS codes, e.g. a table of the council's own zones).
 */
export function areaKinds(ids: readonly string[]): {
  kinds: Map<string, AreaKind & { first: number }>;
  unknown: number;
} {
  const kinds = new Map<string, AreaKind & { first: number }>();
  let unknown = 0;
  ids.forEach((id, i) => {
    const k = areaKind(id);
    if (!k) unknown++;
    else if (!kinds.has(k.kind)) kinds.set(k.kind, { ...k, first: i });
  });
  return { kinds, unknown };
}

/** A group's everyday name: "White British" for `White: English, Welsh, Scottish, Northern Irish or British`, else the part after the broad group ("Pakistani", "Irish"). */
export function groupName(label: string): string {
  if (label === CATEGORIES[0]!.label) return 'White British';
  return label.replace(/^[^:]*: /, '');
}
