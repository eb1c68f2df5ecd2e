import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEFAULT_PERMUTATIONS, DEFAULT_SEED, MAX_PERMUTATIONS, MAX_REPLICATES } from '@cohesion/geo';

/**
 * Bad flags or a missing required flag: exit code 2 and a one-line message. A flag whose value is
 * out of range carries `code` INVALID_ARGUMENT, printed like a CohesionError's code.
 */
export class UsageError extends Error {
  readonly code: 'INVALID_ARGUMENT' | undefined;
  constructor(message: string, code?: 'INVALID_ARGUMENT') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}

/** Flag definitions as node's `parseArgs` takes them. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing: unknown flags are an error naming the flag. A negative number after a flag
 * that takes a value (`--permutations -5`) is that flag's value, so its range check can say what is
 * wrong (node's parser would call it an ambiguous argument).
 */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (
      name &&
      !name.includes('=') &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d|^-\.\d|^-Infinity$/.test(next)
    ) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
}

/** The parsed values of a flag definition (what `parseFlags(argv, O)` returns as `values`). */
export type FlagValues<O extends Options> = ReturnType<typeof parseFlags<O>>['values'];

/** Throws a UsageError naming `flag` if `value` is missing. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing required flag --${flag}`);
  return value;
}

/**
 * The range a numeric flag must lie in. Bounds are inclusive (`min`, `max`) or strict (`above`,
 * `below`); `what` names the quantity in the message ("a significance level"), `example` shows a
 * good value.
 */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  what?: string;
  example?: string;
}

const fmt = (x: number) => x.toLocaleString('en-GB');

/** "a whole number from 0 to 1,000,000", "a number > 0", "a significance level strictly between 0 and 1". */
function describe(rule: NumberRule): string {
  const noun = rule.what ?? (rule.integer ? 'a whole number' : 'a number');
  const { min, max, above, below } = rule;
  let range = '';
  if (min !== undefined && max !== undefined) range = ` from ${fmt(min)} to ${fmt(max)}`;
  else if (above !== undefined && below !== undefined)
    range = ` strictly between ${fmt(above)} and ${fmt(below)}`;
  else {
    const parts = [
      min !== undefined ? `≥ ${fmt(min)}` : '',
      above !== undefined ? `> ${fmt(above)}` : '',
      max !== undefined ? `≤ ${fmt(max)}` : '',
      below !== undefined ? `< ${fmt(below)}` : '',
    ].filter(Boolean);
    if (parts.length) range = ` ${parts.join(' and ')}`;
  }
  return `${noun}${range}${rule.example ? ` (e.g. ${rule.example})` : ''}`;
}

/**
 * The one numeric flag parser. `undefined` (flag absent) gives `def`; otherwise the value must be a
 * finite number ("abc", "" and "1e999" are not) inside `rule`, else a UsageError with code
 * INVALID_ARGUMENT that says what the flag must be and what it got.
 */
export function numberFlag(value: string | undefined, flag: string, rule: NumberRule, def: number): number;
export function numberFlag(value: string | undefined, flag: string, rule?: NumberRule): number | undefined;
export function numberFlag(
  value: string | undefined,
  flag: string,
  rule: NumberRule = {},
  def?: number,
): number | undefined {
  if (value === undefined) return def;
  const v = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(v) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.max === undefined || v <= rule.max) &&
    (rule.above === undefined || v > rule.above) &&
    (rule.below === undefined || v < rule.below);
  if (!ok) throw new UsageError(`--${flag} must be ${describe(rule)}, got "${value}"`, 'INVALID_ARGUMENT');
  return v;
}

/**
 * The shared numeric rules, one per kind of flag, so every command checks (and explains) them
 * alike. Defaults are geo's own constants (`DEFAULT_PERMUTATIONS`, `DEFAULT_SEED`, …), passed
 * beside the rule where a command has one.
 */
export const RULES = {
  /** Permutations of a pseudo p-value: 0 turns permutation inference off. */
  permutations: { integer: true, min: 0, max: MAX_PERMUTATIONS },
  /** Bootstrap replicates and simulated tables: an interval needs at least two. */
  replicates: { integer: true, min: 2, max: MAX_REPLICATES },
  /** A seed: the generator takes an unsigned 32-bit integer (other numbers would alias one). */
  seed: { integer: true, min: 0, max: 2 ** 32 - 1 },
  /** A significance level. */
  alpha: { above: 0, below: 1, what: 'a significance level', example: '0.05' },
  /** A share or proportion. */
  share: { min: 0, max: 1, what: 'a share' },
  /** Distances, bandwidths, scales: metres > 0. */
  positive: { above: 0 },
  /** Lengths and thresholds that may be 0. */
  nonNegative: { min: 0 },
  /** Counts: whole numbers ≥ 0. */
  count: { integer: true, min: 0 },
  /** A number of neighbours, places or periods: whole numbers ≥ 1. */
  atLeastOne: { integer: true, min: 1 },
} as const satisfies Record<string, NumberRule>;

/** A flag with a fixed set of values; `def` when absent. */
export function choiceFlag<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
  def: T,
): T {
  if (value === undefined) return def;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** A comma-separated list flag (`--groups A,B`): trimmed, blanks dropped; undefined when absent. */
export function listFlag(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Flags that take a value, by name: `stringFlags(['areas', 'id'])` → `{ areas: { type: 'string' }, … }`. */
export function stringFlags<const K extends string>(names: readonly K[]): { [P in K]: { type: 'string' } } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as { [P in K]: { type: 'string' } };
}

/**
 * Flags every command takes: `--json` prints JSON on stdout, `--help`/`-h` the usage, `--quiet`
 * hides the progress line a terminal otherwise shows during long work.
 */
export const COMMON_FLAGS = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags of every command that writes a file: `--out FILE` and `--force` to replace it. */
export const OUTPUT_FLAGS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** `--permutations`, `--seed` and `--alpha`: the flags of permutation inference. */
export const INFERENCE_FLAGS = stringFlags(['permutations', 'seed', 'alpha']);

/**
 * The checked values of {@link INFERENCE_FLAGS}, defaulting to geo's engine defaults
 * (`DEFAULT_PERMUTATIONS`, `DEFAULT_SEED`) and the 5% level.
 */
export function inferenceOptions(values: { permutations?: string; seed?: string; alpha?: string }): {
  permutations: number;
  seed: number;
  alpha: number;
} {
  return {
    permutations: numberFlag(values.permutations, 'permutations', RULES.permutations, DEFAULT_PERMUTATIONS),
    seed: numberFlag(values.seed, 'seed', RULES.seed, DEFAULT_SEED),
    alpha: numberFlag(values.alpha, 'alpha', RULES.alpha, 0.05),
  };
}

/** `--table CSV --table-id COL`: a table joined to the areas by code. */
export const TABLE_FLAGS = stringFlags(['table', 'table-id']);
