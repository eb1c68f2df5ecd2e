/**
 * Keyboard order over areas. Left / Right step through a geographic reading order (north → south in
 * bands, west → east within a band), so every area is reachable; Up / Down jump to the nearest area
 * to the north / south. Areas whose position is unknown (NaN) come last in index order and are
 * skipped by Up / Down.
 */
export function readingOrder(xs: Float64Array, ys: Float64Array): Int32Array {
  const n = xs.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n === 0) return new Int32Array(0);
  let minY = Infinity;
  let maxY = -Infinity;
  for (const y of ys) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const bands = Math.max(1, Math.round(Math.sqrt(n / 2)));
  const bandH = (maxY - minY) / bands || 1;
  // An area without a position (NaN) goes after every placed one, in index order.
  const band = (i: number) =>
    Number.isNaN(ys[i]) ? bands : Math.min(bands - 1, Math.floor((maxY - (ys[i] as number)) / bandH));
  idx.sort((a, b) => band(a) - band(b) || (xs[a] as number) - (xs[b] as number) || a - b);
  return Int32Array.from(idx);
}

/** Nearest area from `from` in direction `dy` (+1 north, −1 south) within a ±60° cone, else −1. */
export function nearestInDirection(xs: Float64Array, ys: Float64Array, from: number, dy: 1 | -1): number {
  const x0 = xs[from] as number;
  const y0 = ys[from] as number;
  // Correct longitude spacing for latitude so the cone is roughly true on the ground.
  const k = Math.cos((y0 * Math.PI) / 180);
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (i === from) continue;
    const ddx = ((xs[i] as number) - x0) * k;
    const ddy = ((ys[i] as number) - y0) * dy;
    if (ddy <= 0 || Math.abs(ddx) > ddy * 1.732) continue;
    const d = ddx * ddx * 2 + ddy * ddy;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** What a key pressed on the map does: focus an area, select the focused one, clear, or zoom. */
export type KeyAction = { focus: number } | { select: true } | { clear: true } | { zoom: 1 | -1 };

/** Where the areas are and the order the keyboard visits them in (see {@link readingOrder}). */
export interface KeyAreas {
  order: Int32Array;
  rank: Int32Array;
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * The action of `key` with area `cur` focused (−1 none): arrows move (Left / Right in reading order,
 * Up / Down to the nearest area that way), Home / End go to the first / last, Enter or Space select,
 * Escape clears, + / − zoom. Undefined for other keys and when there are no areas.
 */
export function keyAction(key: string, a: KeyAreas, cur: number): KeyAction | undefined {
  const n = a.order.length;
  if (n === 0) return undefined;
  const first = a.order[0] as number;
  const step = (d: 1 | -1) =>
    cur < 0 ? first : (a.order[Math.min(n - 1, Math.max(0, (a.rank[cur] as number) + d))] as number);
  switch (key) {
    case 'ArrowRight':
      return { focus: step(1) };
    case 'ArrowLeft':
      return { focus: step(-1) };
    case 'ArrowUp':
    case 'ArrowDown': {
      if (cur < 0) return { focus: first };
      const j = nearestInDirection(a.xs, a.ys, cur, key === 'ArrowUp' ? 1 : -1);
      return { focus: j >= 0 ? j : cur };
    }
    case 'Home':
      return { focus: first };
    case 'End':
      return { focus: a.order[n - 1] as number };
    case 'Enter':
    case ' ':
      return { select: true };
    case 'Escape':
      return { clear: true };
    case '+':
    case '=':
    case '-':
      return { zoom: key === '-' ? -1 : 1 };
    default:
      return undefined;
  }
}
