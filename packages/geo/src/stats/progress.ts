/**
 * Progress of long computations, for a caller that shows it (the CLI draws a line on a terminal).
 * An `onProgress(done, total)` option never changes a result: it only observes the loop. It is
 * called about every 1% of the work (and once at the end), never per item, so the cost is nil and
 * a caller redrawing a screen is not flooded; a caller throttles by time if it wants.
 */

/** `done` of `total` units of work are finished (units: replicates, permutations, areas, stages). */
export type ProgressCallback = (done: number, total: number) => void;

/** Option of the functions that report progress. */
export interface ProgressOptions {
  /** Called with (done, total) about every 1% of the work and at the end; does not change results. */
  onProgress?: ProgressCallback;
}

/**
 * A tick for a loop of `total` units: `tick(done)` calls `onProgress` when `done` reaches the next
 * 1% step or the end. Without a callback the tick does nothing.
 */
export function progressTicker(total: number, onProgress?: ProgressCallback): (done: number) => void {
  if (!onProgress || !(total > 0)) return () => {};
  const step = Math.max(1, Math.floor(total / 100));
  let next = step;
  return (done) => {
    if (done < next && done < total) return;
    next = done + step;
    onProgress(Math.min(done, total), total);
  };
}
