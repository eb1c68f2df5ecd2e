/**
 * Progress of long work on stderr (issue 15): one line redrawn in place — "cohesion segregation:
 * bootstrap 42% (420/999)" — only when stderr is a terminal and neither `--json` nor `--quiet` was
 * given, so pipes, files and scripts see nothing. Redrawn at most every {@link REDRAW_MS} and
 * erased when the work ends (or fails), so the results and error lines start on a clean line.
 */
export type ProgressCallback = (done: number, total: number) => void;

/** Shortest time between two redraws. */
export const REDRAW_MS = 100;

/** The progress line of one command. */
export interface Progress {
  /** A callback for one stage of work (`onProgress` of the geo function doing it). */
  stage(label: string): ProgressCallback;
  /** Erases the line (call when the work is over, whether it succeeded or not). */
  clear(): void;
}

/** The stream progress is drawn on: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const QUIET: Progress = { stage: () => () => {}, clear: () => {} };

/** The line being drawn, for the Ctrl-C handler to erase. */
let active: Progress | undefined;

/** Erases the progress line being drawn, if any (the CLI's SIGINT/SIGTERM handler calls it). */
export function clearProgress(): void {
  active?.clear();
}

/**
 * The progress line (prefixed `command: `), or a silent one when `stream` is not a terminal or the output
 * is machine-read (`--json`) or `--quiet` is set.
 */
export function createProgress(
  command: string,
  flags: { json?: boolean | undefined; quiet?: boolean | undefined },
  stream: ProgressStream = process.stderr,
  now: () => number = () => performance.now(),
): Progress {
  if (!stream.isTTY || flags.json || flags.quiet) return QUIET;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  active = {
    stage(label) {
      return (done, total) => {
        const t = now();
        // The first and the last call of a stage are drawn; in between, at most every REDRAW_MS.
        if (done < total && done > 0 && t - last < REDRAW_MS) return;
        last = t;
        const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
        // \r back to the start of the line, \x1b[K erases what a longer previous line left.
        stream.write(
          `\r${command}: ${label} ${pct}% (${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')})\x1b[K`,
        );
        shown = true;
      };
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
  return active;
}
