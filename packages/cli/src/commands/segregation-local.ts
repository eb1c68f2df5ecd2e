// `cohesion segregation --areas FILE --id PROP …`: per-area local indices written to --out, with
// the aspatial (and with --spatial, spatial) indices of the whole area printed by --json.
import {
  areaIds,
  CohesionError,
  joinByCode,
  localDiversity,
  localSegregation,
  localSimpsonsConcentration,
  localSimpsonsInteraction,
  locationQuotientValues,
  numericValues,
  readAreas,
  readCsv,
  type SegregationIndexOptions,
  segregationIndices,
  type Table,
} from '@cohesion/geo';
import type { FeatureCollection } from 'geojson';
import { UsageError } from '../flags.js';
import { emit, requireOutput } from '../output.js';
import type { Values } from './segregation.js';
import { countsWithRest, placeJson, sumColumns } from './segregation-json.js';
import { parseSpatialFlags, spatialLocalColumns, spatialSegregation } from './spatial-segregation.js';

/** Reads counts from feature properties (numbers or numeric strings), naming the feature on error. */
function propertyColumn(
  fc: FeatureCollection,
  name: string,
  ids: readonly string[],
  source: string,
): Float64Array {
  fc.features.forEach((f, i) => {
    if (!(name in (f.properties ?? {}))) {
      throw new CohesionError('MISSING_PROPERTY', `area ${ids[i]} (feature ${i}) has no property "${name}"`, {
        feature: i,
        id: ids[i],
        column: name,
      });
    }
  });
  // geo's one number rule, as <cohesion-map> reads the same properties (yes/NA/.. are NON_NUMERIC);
  // negative counts are left to the segregation checks, which name them NEGATIVE_COUNT.
  return numericValues(
    fc.features.map((f) => f.properties?.[name]),
    { column: name, ids, source, kind: 'feature', allowNegative: true },
  );
}

export async function runLocal(
  values: Values,
  groupNames: string[],
  totalColumn: string,
  opts: SegregationIndexOptions,
): Promise<number> {
  const idProp = values.id;
  if (!idProp) throw new UsageError('missing required flag --id (the areas’ code property)');
  requireOutput(values);
  const spatialOptions = values.spatial ? parseSpatialFlags(values) : undefined;
  if (values.by) throw new UsageError('--by cannot be combined with --areas');
  let areas = await readAreas(values.areas!);
  if (values.table) {
    const table: Table = await readCsv(values.table);
    try {
      areas = joinByCode(areas, table, {
        areaId: idProp,
        tableId: values['table-id'] ?? idProp,
        // A row matching no area is UNMATCHED_CODE unless asked for (docs/bad-input.md).
        allowExtraRows: values['allow-extra-rows'] === true,
        columns: [totalColumn, ...groupNames],
      }).areas;
    } catch (err) {
      if (err instanceof CohesionError && err.code === 'UNMATCHED_CODE' && err.detail.unmatchedRows)
        throw new CohesionError(
          err.code,
          `${err.message}; pass --allow-extra-rows if the table covers more areas on purpose`,
          err.detail,
        );
      throw err;
    }
  }
  // geo's one id rule (trimmed, unique, non-blank), as the map and the report read codes.
  const ids = areaIds(areas, idProp, values.areas);
  const total = propertyColumn(areas, totalColumn, ids, values.areas!);
  const groups = groupNames.map((g) => propertyColumn(areas, g, ids, values.areas!));
  const input = { groups, groupNames, total, totalColumn, ids, source: values.areas! };
  const global = segregationIndices(input, opts);
  const n = total.length;
  const k = groupNames.length;
  const restAdded = global.restAdded;
  const table = countsWithRest(groups, total, restAdded);
  const { k: kk } = table;
  // Validates the table (as every library index does) and gives each area's diversity.
  const diversity = localDiversity(table, { ids }).values;
  const interaction = kk >= 2 ? localSimpsonsInteraction(table, { ids }).values : null;
  const concentration = kk >= 2 ? localSimpsonsConcentration(table, { ids }).values : null;
  const names = restAdded ? [...groupNames, 'rest'] : groupNames;
  const spatialArgs = spatialOptions
    ? { ...spatialOptions, areas, idProperty: idProp, groups, groupNames, total }
    : undefined;
  const spatial = spatialArgs ? await spatialSegregation(spatialArgs) : undefined;
  const spatialColumns = spatialArgs && values.out ? spatialLocalColumns(spatialArgs) : undefined;
  const lq = groupNames.map((_, m) => locationQuotientValues(groups[m]!, total));
  const ls = kk >= 2 ? localSegregation(table) : null;
  const features = areas.features.map((f, i) => {
    const props: Record<string, unknown> = { ...(f.properties ?? {}) };
    const ti = total[i]!;
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    if (k === 1) props.locationQuotient = num(lq[0]![i]!);
    else {
      for (const [m, g] of groupNames.entries()) props[`locationQuotient_${g}`] = num(lq[m]![i]!);
    }
    if (kk >= 2) {
      // NaN (null in the output) where an area has nobody.
      const d = diversity[i]!;
      props.localDiversity = num(d);
      props.localEntropy = num(d / Math.log(kk));
      props.localSimpsonsInteraction = num(interaction![i]!);
      props.localSimpsonsConcentration = num(concentration![i]!);
      props.localSegregation = num(ls!.ls[i]!);
      props.localSegregationWeight = ls!.p[i]!;
    }
    if (spatialColumns) for (const [name, col] of Object.entries(spatialColumns)) props[name] = num(col[i]!);
    props.populationZero = !(ti > 0);
    return { ...f, properties: props };
  });
  const outFc: FeatureCollection = { ...areas, features };
  const json = () => {
    const aspatial = placeJson(
      global,
      groupNames,
      k > 1
        ? segregationIndices(
            { groups: [sumColumns(groups)], groupNames: [groupNames.join('+')], total, totalColumn },
            { ...opts, multi: [] },
          )
        : null,
    );
    return {
      ...aspatial,
      indices: { ...aspatial.indices, ...(spatial?.indices ?? {}) },
      ...(spatial?.profile ? { profile: spatial.profile } : {}),
      local: {
        out: values.out ?? null,
        areas: n,
        multigroupColumns: names,
        mutualInformation: ls ? ls.total : null,
      },
    };
  };
  return emit(values, { file: outFc, json });
}
