/**
 * The conditional-permutation kernel shared by every local statistic, on one thread or many.
 *
 * {@link permutationKernel} is deliberately **self-contained** (no imports, no references outside
 * its own body): its source text is what the worker threads run (see `hotspots/threads.ts`), so the main
 * thread and every worker execute the very same code. It counts, for a range of areas, how many
 * permuted statistics are ≥ and ≤ the observed one; the caller turns counts into pseudo p-values.
 *
 * Why the result does not depend on the number of threads: the R draws (index sets of size k_max,
 * `permutationDraws`) are made once from the seed, before any split, and every area reads the same
 * draws whichever thread handles it. Each area's permuted sums are computed from those draws alone,
 * in the same order of floating-point operations; the only state carried from area to area (the
 * running sums of the drawn values below) is replayed from area 0 by a thread that starts at a later area,
 * with exactly the same operations in the same order. So a range split changes who computes an
 * area, never the bits of its result.
 */

/** How a channel maps a permuted lag L (and, for `geary`, the permuted Σ w z²) to the statistic. */
export const KERNEL_SCALE = 0; // v = (L + a_i) × b_i   (local Moran: a = −W_i x̄ or 0, b = z_i/s²)
export const KERNEL_RATIO = 1; // v = (L + a_i) / b_i   (Getis–Ord: a = w_ii x_i, b = Σx or Σ_{j≠i}x)
export const KERNEL_GEARY = 2; // v = (a_i − b_i L) + S (local Geary: a = W_i z_i², b = 2 z_i, S = Σ w z²)

/** One statistic's share of a permutation run. */
export interface KernelChannel {
  /** KERNEL_SCALE, KERNEL_RATIO or KERNEL_GEARY. */
  kind: number;
  /** Link weights aligned with `neighbors` (self links are skipped). */
  weights: Float64Array;
  /** Per-area parameters of the map (see the kind constants). */
  a: Float64Array;
  b: Float64Array;
  /** Observed statistic per area. */
  obs: Float64Array;
}

/** A range of areas to run. All arrays are read-only to the kernel. */
export interface KernelTask {
  n: number;
  R: number;
  kmax: number;
  offsets: ArrayLike<number>;
  neighbors: ArrayLike<number>;
  /** The values that are permuted. */
  x: Float64Array;
  /** R × kmax draws from 0..n−2 (row-major). */
  draws: Int32Array;
  /** Also form permuted Σ w x² (local Geary). */
  squares: boolean;
  channels: KernelChannel[];
  start: number;
  end: number;
  /**
   * Work sharing between threads: when set, `start`/`end` are ignored and the kernel claims chunks
   * of `chunk` areas (chunk index = `Atomics.add(claim, 0, 1)`) until none is left, writing each
   * area's counts at its own index in `shared` (length n per channel; SharedArrayBuffer-backed when
   * several threads run). Every thread claims in increasing order, so the running sums
   * are carried forward, never replayed twice.
   */
  claim?: Int32Array;
  chunk?: number;
  shared?: { ge: Int32Array[]; le: Int32Array[]; sum: Float64Array[] };
}

/** Counts for areas start..end−1, per channel. */
export interface KernelResult {
  start: number;
  end: number;
  /** #{sim ≥ obs − ε} per area, per channel; −1 for an area without neighbours. */
  ge: Int32Array[];
  /** #{sim ≤ obs + ε} per area, per channel. */
  le: Int32Array[];
  /** Σ_r sim per area, per channel (local Geary's cluster labels compare c_i with the mean). */
  sum: Float64Array[];
  /** With `claim`: how many areas this thread counted (the counts themselves are in `shared`). */
  areas?: number;
}

/** Largest k_max for which running sums are used (their update cost grows with k_max²). */
export const RUNNING_SUM_KMAX = 64;

/**
 * Runs the conditional permutations of areas `task.start..task.end−1` (Anselin 1995; draws as esda
 * `crand`: area i reads the first k_i indices of each of the R shared draws, indices ≥ i shifted up
 * by one to skip itself). Self-contained — see the module comment.
 */
export function permutationKernel(task: KernelTask): KernelResult {
  const { n, R, kmax, offsets, neighbors, x, draws, squares, channels, start, end, claim, shared } = task;
  const nc = channels.length;
  const chunk = Math.max(1, task.chunk ?? 1);
  // Claimed chunks write at the area's own index; a plain range writes at i − start.
  const base = claim && shared ? 0 : start;
  const len = claim && shared ? 0 : end - start;
  const ge: Int32Array[] = claim && shared ? shared.ge : [];
  const le: Int32Array[] = claim && shared ? shared.le : [];
  const sum: Float64Array[] = claim && shared ? shared.sum : [];
  if (!(claim && shared))
    for (let c = 0; c < nc; c++) {
      ge.push(new Int32Array(len));
      le.push(new Int32Array(len));
      sum.push(new Float64Array(len));
    }
  const x2 = new Float64Array(squares ? n : 0);
  if (squares) for (let i = 0; i < n; i++) x2[i] = (x[i] as number) * (x[i] as number);

  // Running sums of the drawn values: for area i, draw r's first k indices give
  // S_k(i) = Σ_{m<k} x[d_m + (d_m ≥ i ? 1 : 0)] (the shift skips area i itself). At area 0 every
  // draw is shifted; after area d, draws equal to d are not, so S drops by x[d+1] − x[d] for every
  // k past that draw's position. Each draw leaves once as i sweeps 0..n−1: O(1) per (permutation,
  // area) instead of O(k), one load per permutation. Stored k-major (index k·R + r), so an area's
  // pass over the R permutations reads in order. With `squares` (local Geary) `cur2` does the
  // same for x².
  const useRunning = kmax <= 64; // RUNNING_SUM_KMAX (inlined: the kernel is self-contained)
  const k1 = kmax + 1;
  const size = useRunning ? R * k1 : 0;
  const cur = new Float64Array(size);
  const cur2 = new Float64Array(squares ? size : 0);
  const evStart = new Int32Array(useRunning ? n + 1 : 0);
  const evList = new Int32Array(useRunning ? R * kmax : 0);
  if (useRunning) {
    for (let r = 0; r < R; r++) {
      let p = 0;
      let p2 = 0;
      for (let m = 0; m < kmax; m++) {
        const d = draws[r * kmax + m] as number;
        p += x[d + 1] as number;
        cur[(m + 1) * R + r] = p;
        if (squares) {
          p2 += x2[d + 1] as number;
          cur2[(m + 1) * R + r] = p2;
        }
        evStart[d + 1] = (evStart[d + 1] as number) + 1;
      }
    }
    for (let d = 0; d < n; d++) evStart[d + 1] = (evStart[d + 1] as number) + (evStart[d] as number);
    const fill = evStart.slice(0, n);
    for (let e = 0; e < R * kmax; e++) {
      const d = draws[e] as number;
      evList[fill[d] as number] = e;
      fill[d] = (fill[d] as number) + 1;
    }
  }
  // After area d: draws equal to d no longer shift for areas > d.
  const advance = (d: number): void => {
    const delta = (x[d + 1] as number) - (x[d] as number);
    const delta2 = squares ? (x2[d + 1] as number) - (x2[d] as number) : 0;
    for (let q = evStart[d] as number; q < (evStart[d + 1] as number); q++) {
      const e = evList[q] as number;
      const r = (e / kmax) | 0;
      const m = e - r * kmax;
      for (let k = m + 1; k <= kmax; k++) cur[k * R + r] = (cur[k * R + r] as number) - delta;
      if (squares) for (let k = m + 1; k <= kmax; k++) cur2[k * R + r] = (cur2[k * R + r] as number) - delta2;
    }
  };
  // Before area i, exactly advance(0), …, advance(i − 1) have run, in that order, whichever thread
  // and range: a thread starting at a later area replays the same updates.
  let done = 0;

  const rowW: Float64Array[] = [];
  for (let c = 0; c < nc; c++) rowW.push(new Float64Array(kmax));
  const sims = new Float64Array(R);
  const sq = new Float64Array(squares ? R : 0);
  const lagOf: Float64Array[] = [];
  for (let c = 0; c < nc; c++) lagOf.push(new Float64Array(R));
  // Per channel, for the threshold counts below: 1 when counted there, the two thresholds on the
  // drawn sum S, and whether v falls as S rises (g < 0).
  const counted = new Uint8Array(nc);
  const upper = new Float64Array(nc);
  const lower = new Float64Array(nc);
  const falling = new Uint8Array(nc);

  let from = start;
  let to = end;
  if (claim && shared) {
    from = Math.min(n, Atomics.add(claim, 0, 1) * chunk);
    to = Math.min(n, from + chunk);
  }
  let areas = 0;
  while (from < to) {
    for (let i = from; i < to; i++) areaCounts(i);
    areas += to - from;
    if (!(claim && shared)) break;
    from = Math.min(n, Atomics.add(claim, 0, 1) * chunk);
    to = Math.min(n, from + chunk);
  }
  if (claim && shared) return { start: 0, end: 0, ge: [], le: [], sum: [], areas };
  return { start, end, ge, le, sum };

  function areaCounts(i: number): void {
    if (useRunning) while (done < i) advance(done++);
    const o = i - base;
    let k = 0;
    for (let p = offsets[i] as number; p < (offsets[i + 1] as number); p++) {
      if (neighbors[p] === i) continue;
      for (let c = 0; c < nc; c++)
        (rowW[c] as Float64Array)[k] = (channels[c] as KernelChannel).weights[p] as number;
      k++;
    }
    if (k === 0) {
      // No neighbours (an island): no permutation distribution; marked by a count of −1.
      for (let c = 0; c < nc; c++) (ge[c] as Int32Array)[o] = -1;
      return;
    }
    // Every channel constant along the row (binary or row-standardised weights): one sum of the
    // drawn values serves all channels.
    let uniform = !squares || useRunning;
    for (let c = 0; c < nc && uniform; c++) {
      const rw = rowW[c] as Float64Array;
      for (let m = 1; m < k; m++)
        if (rw[m] !== rw[0]) {
          uniform = false;
          break;
        }
    }
    // With running sums the shared sum is read inside the counting loop (one pass, no buffer).
    const fused = uniform && useRunning;
    if (uniform && !fused) {
      for (let r = 0, base = 0; r < R; r++, base += kmax) {
        let s = 0;
        for (let m = 0; m < k; m++) {
          const j = draws[base + m] as number;
          s += x[j >= i ? j + 1 : j] as number;
        }
        sims[r] = s;
      }
    }
    counted.fill(0);
    if (fused) {
      thresholdCounts(i, k, o);
      if (squares)
        for (let c = 0; c < nc; c++) if ((channels[c] as KernelChannel).kind === 2) gearyCounts(c, i, k, o);
    }
    for (let c = 0; c < nc; c++) {
      if (counted[c] === 1) continue;
      const ch = channels[c] as KernelChannel;
      const rw = rowW[c] as Float64Array;
      // lag[r] = the permuted Σ_j w_ij x_j; for uniform rows it is f × (shared sum), formed inline.
      let lag: Float64Array = sims;
      const f = uniform ? (rw[0] as number) : 1;
      if (!uniform) {
        lag = lagOf[c] as Float64Array;
        for (let r = 0, base = 0; r < R; r++, base += kmax) {
          let s = 0;
          let s2 = 0;
          for (let m = 0; m < k; m++) {
            let j = draws[base + m] as number;
            if (j >= i) j++;
            s += (rw[m] as number) * (x[j] as number);
            if (squares) s2 += (rw[m] as number) * (x2[j] as number);
          }
          lag[r] = s;
          if (squares) sq[r] = s2;
        }
      }
      const a = ch.a[i] as number;
      const b = ch.b[i] as number;
      const obs = ch.obs[i] as number;
      const eps = 1e-12 * Math.max(1, Math.abs(obs));
      const hi = obs - eps;
      const lo = obs + eps;
      let nge = 0;
      let nle = 0;
      let total = 0;
      const q0 = k * R;
      if (fused && ch.kind === 0) {
        for (let q = q0; q < q0 + R; q++) {
          const v = (f * (cur[q] as number) + a) * b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else if (fused && ch.kind === 1) {
        for (let q = q0; q < q0 + R; q++) {
          const v = (f * (cur[q] as number) + a) / b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else if (fused) {
        // Local Geary on a uniform row: L = f·Σx and S = f·Σx² over the drawn neighbours.
        const s1 = cur;
        const s2 = cur2;
        for (let q = q0; q < q0 + R; q++) {
          const v = a - b * (f * (s1[q] as number)) + f * (s2[q] as number);
          nge += +(v >= hi);
          nle += +(v <= lo);
          total += v;
        }
      } else if (ch.kind === 0 && uniform) {
        for (let r = 0; r < R; r++) {
          const v = (f * (lag[r] as number) + a) * b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else if (ch.kind === 1 && uniform) {
        for (let r = 0; r < R; r++) {
          const v = (f * (lag[r] as number) + a) / b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else if (ch.kind === 0) {
        for (let r = 0; r < R; r++) {
          const v = ((lag[r] as number) + a) * b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else if (ch.kind === 1) {
        for (let r = 0; r < R; r++) {
          const v = ((lag[r] as number) + a) / b;
          nge += +(v >= hi);
          nle += +(v <= lo);
        }
      } else {
        // Local Geary always takes the general path (squares), so lag is the weighted sum itself.
        for (let r = 0; r < R; r++) {
          const v = a - b * (lag[r] as number) + (sq[r] as number);
          nge += +(v >= hi);
          nle += +(v <= lo);
          total += v;
        }
      }
      (ge[c] as Int32Array)[o] = nge;
      (le[c] as Int32Array)[o] = nle;
      (sum[c] as Float64Array)[o] = total;
    }
  }

  /**
   * Local Moran and Getis–Ord on a uniform row are linear in the drawn sum S:
   * v = g·S + h (Moran: g = f·b, h = a·b; Getis–Ord: g = f/b, h = a/b). So v ≥ obs − ε ⇔
   * S ≥ (obs − ε − h)/g for g > 0, the inequality flipping for g < 0, and likewise for ≤. Each
   * permutation then costs one load and two comparisons per channel, and with two channels
   * (LISA and Gi* together) one pass over S serves both. Channels it cannot take (local Geary, see
   * gearyCounts; g = 0; a non-finite threshold) keep `counted[c] = 0` for the general loops.
   * The thresholds move the ε-tolerant comparison by rounding error only (~1e-16 relative, against
   * ε = 1e-12), and every thread runs this same code, so thread counts never change a result.
   */
  function thresholdCounts(i: number, k: number, o: number): void {
    let count = 0;
    let first = -1;
    let second = -1;
    for (let c = 0; c < nc; c++) {
      const ch = channels[c] as KernelChannel;
      if (ch.kind !== 0 && ch.kind !== 1) continue;
      const f = (rowW[c] as Float64Array)[0] as number;
      const a = ch.a[i] as number;
      const b = ch.b[i] as number;
      const g = ch.kind === 0 ? f * b : f / b;
      const h = ch.kind === 0 ? a * b : a / b;
      const obs = ch.obs[i] as number;
      const eps = 1e-12 * Math.max(1, Math.abs(obs));
      const tHi = (obs - eps - h) / g;
      const tLo = (obs + eps - h) / g;
      if (!(g !== 0 && Number.isFinite(tHi) && Number.isFinite(tLo))) continue;
      falling[c] = g < 0 ? 1 : 0;
      upper[c] = g > 0 ? tHi : tLo;
      lower[c] = g > 0 ? tLo : tHi;
      counted[c] = 1;
      if (first < 0) first = c;
      else if (second < 0) second = c;
      count++;
    }
    if (count === 0) return;
    const q0 = k * R;
    const S = cur;
    if (count === 2) {
      const u1 = upper[first] as number;
      const l1 = lower[first] as number;
      const u2 = upper[second] as number;
      const l2 = lower[second] as number;
      let a1 = 0;
      let b1 = 0;
      let a2 = 0;
      let b2 = 0;
      for (let q = q0; q < q0 + R; q++) {
        const v = S[q] as number;
        a1 += +(v >= u1);
        b1 += +(v <= l1);
        a2 += +(v >= u2);
        b2 += +(v <= l2);
      }
      store(first, o, a1, b1);
      store(second, o, a2, b2);
      return;
    }
    for (let c = 0; c < nc; c++) {
      if (counted[c] !== 1) continue;
      const u = upper[c] as number;
      const l = lower[c] as number;
      let above = 0;
      let below = 0;
      for (let q = q0; q < q0 + R; q++) {
        const v = S[q] as number;
        above += +(v >= u);
        below += +(v <= l);
      }
      store(c, o, above, below);
    }
  }

  /** Writes a threshold-counted channel: #{S ≥ upper} and #{S ≤ lower}, swapped when v falls with S. */
  function store(c: number, o: number, above: number, below: number): void {
    const down = falling[c] === 1;
    (ge[c] as Int32Array)[o] = down ? below : above;
    (le[c] as Int32Array)[o] = down ? above : below;
    (sum[c] as Float64Array)[o] = 0;
  }

  /**
   * Local Geary on a uniform row: v = a − b·f·S1 + f·S2 with S1, S2 the drawn sums of x and x²,
   * so for f > 0, v ≥ obs − ε ⇔ S2 − b·S1 ≥ (obs − ε − a)/f (and likewise for ≤): two loads, a
   * multiply-subtract and two comparisons per permutation. Σ v = R·a + f·Σ(S2 − b·S1) gives the
   * permutation mean. In its own function so that its compiled loop does not share feedback with
   * the LISA / Gi* loops when calls alternate between them. Leaves `counted[c] = 0` when f ≤ 0 or
   * a threshold is not finite.
   */
  function gearyCounts(c: number, i: number, k: number, o: number): void {
    const ch = channels[c] as KernelChannel;
    const f = (rowW[c] as Float64Array)[0] as number;
    const a = ch.a[i] as number;
    const b = ch.b[i] as number;
    const obs = ch.obs[i] as number;
    const eps = 1e-12 * Math.max(1, Math.abs(obs));
    const up = (obs - eps - a) / f;
    const down = (obs + eps - a) / f;
    if (!(f > 0 && Number.isFinite(up) && Number.isFinite(down))) return;
    const s1 = cur;
    const s2 = cur2;
    const q0 = k * R;
    let above = 0;
    let below = 0;
    let t = 0;
    for (let q = q0; q < q0 + R; q++) {
      const u = (s2[q] as number) - b * (s1[q] as number);
      above += +(u >= up);
      below += +(u <= down);
      t += u;
    }
    (ge[c] as Int32Array)[o] = above;
    (le[c] as Int32Array)[o] = below;
    (sum[c] as Float64Array)[o] = R * a + f * t;
    counted[c] = 1;
  }
}
