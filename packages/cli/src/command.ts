import { COMMON_FLAGS, type FlagValues, type Options, OUTPUT_FLAGS, parseFlags } from './flags.js';
import { OUT_HELP } from './output.js';
import { createProgress, type Progress } from './progress.js';

/** A command's parsed flags: its own plus `--json`, `--help`, `--out` and `--force`. */
export type CommandValues<O extends Options> = FlagValues<O & typeof COMMON_FLAGS & typeof OUTPUT_FLAGS>;

/** What every command is given: its usage text and its own flags (the common ones are added). */
export interface CommandSpec<O extends Options> {
  /** The `--help` text, printed on stdout with exit code 0. */
  help: string;
  /** The command's flags; `--json` and `--help`/`-h` are added (see COMMON_FLAGS). */
  flags: O;
  /** Whether bare arguments are allowed (`cohesion info FILE`). */
  positionals?: boolean;
  /**
   * The command writes `--out FILE` (with `--force` to replace it): the flags are added and the
   * help ends with the output rules (OUT_HELP). `report` takes `--out DIR` as its own flag instead.
   */
  writes?: boolean;
}

/**
 * Builds a command's `run(argv)`: strict parsing of its flags plus the common ones, `--help`
 * answered before anything is checked, then `body` with the parsed values. `body` returns the exit
 * code; errors it throws become one line on stderr in `main`.
 */
/** What a command's body gets besides its flags. */
export interface CommandContext {
  /** Bare arguments (with `positionals: true`). */
  positionals: string[];
  /** Progress of long work on stderr (silent unless stderr is a terminal; see progress.ts). */
  progress: Progress;
}

export function command<O extends Options>(
  spec: CommandSpec<O>,
  body: (values: CommandValues<O>, context: CommandContext) => Promise<number>,
): (argv: string[]) => Promise<number> {
  const options = { ...spec.flags, ...(spec.writes ? OUTPUT_FLAGS : {}), ...COMMON_FLAGS } as O &
    typeof COMMON_FLAGS &
    typeof OUTPUT_FLAGS;
  const help = spec.writes ? `${spec.help}\n\n${OUT_HELP}` : spec.help;
  return async (argv) => {
    const { values, positionals } = parseFlags(argv, options, spec.positionals ?? false);
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    const v = values as CommandValues<O>;
    const progress = createProgress('cohesion', v);
    try {
      return await body(v, { positionals, progress });
    } finally {
      progress.clear();
    }
  };
}
