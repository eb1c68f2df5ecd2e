/**
 * Agreement checks between our result and a peer's, run before a peer's time is reported.
 * Every check throws {@link AgreementError} with a message naming the first difference, so the
 * harness can fail loudly (non-zero exit) instead of printing a ratio for different work.
 */

export class AgreementError extends Error {
  /**
   * @param {string} message
   * @param {Record<string, unknown>} [detail]
   */
  constructor(message, detail = {}) {
    super(message);
    this.name = 'AgreementError';
    this.detail = detail;
  }
}

/**
 * |a − b| ≤ max(abs, rel · max(|a|, |b|)); NaN only equals NaN.
 * @param {number} a
 * @param {number} b
 * @param {{rel?: number, abs?: number}} [tol]
 */
export function close(a, b, { rel = 1e-9, abs = 1e-12 } = {}) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * @param {string} what
 * @param {number} ours
 * @param {number} theirs
 * @param {{rel?: number, abs?: number}} [tol]
 */
export function assertClose(what, ours, theirs, tol) {
  if (typeof ours !== 'number' || typeof theirs !== 'number' || !close(ours, theirs, tol)) {
    throw new AgreementError(
      `${what}: ours ${ours} vs peer ${theirs} (tolerance ${JSON.stringify(tol ?? {})})`,
      {
        what,
        ours,
        theirs,
      },
    );
  }
}

/**
 * Element-wise closeness of two numeric arrays of the same length.
 * @param {string} what
 * @param {ArrayLike<number>} ours
 * @param {ArrayLike<number>} theirs
 * @param {{rel?: number, abs?: number}} [tol]
 */
export function assertArrayClose(what, ours, theirs, tol) {
  if (ours.length !== theirs.length) {
    throw new AgreementError(`${what}: ours has ${ours.length} values, peer has ${theirs.length}`, { what });
  }
  for (let i = 0; i < ours.length; i++) {
    if (!close(Number(ours[i]), Number(theirs[i]), tol)) {
      throw new AgreementError(
        `${what}: value ${i} differs: ours ${ours[i]} vs peer ${theirs[i]} (tolerance ${JSON.stringify(tol ?? {})})`,
        { what, index: i, ours: ours[i], theirs: theirs[i] },
      );
    }
  }
}

/**
 * Same neighbour sets, area by area (order within a set ignored). Both sides are arrays of arrays
 * of 0-based area indices in the same area order.
 * @param {string} what
 * @param {ArrayLike<ArrayLike<number>>} ours
 * @param {ArrayLike<ArrayLike<number>>} theirs
 */
export function assertSameNeighbours(what, ours, theirs) {
  if (ours.length !== theirs.length) {
    throw new AgreementError(`${what}: ours has ${ours.length} areas, peer has ${theirs.length}`, { what });
  }
  let links = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = Array.from(ours[i]).sort((x, y) => x - y);
    const b = Array.from(theirs[i]).sort((x, y) => x - y);
    links += a.length;
    if (a.length !== b.length || a.some((v, k) => v !== b[k])) {
      throw new AgreementError(
        `${what}: neighbours of area ${i} differ: ours [${a.join(',')}] vs peer [${b.join(',')}]`,
        { what, index: i, ours: a, theirs: b },
      );
    }
  }
  return links;
}
