/**
 * Seeded pseudo-random numbers that give bit-identical sequences in every JavaScript runtime
 * (Node, Deno, browsers): only 32-bit integer arithmetic (`Math.imul`, shifts) is used, never
 * `Math.random` or platform-dependent floating-point functions.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), state seeded by SplitMix32 from one integer.
 */
import { DEFAULT_SEED } from './defaults.js';

/** A seeded generator (see {@link createRandom}). */
export interface Random {
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) without modulo bias. */
  int(n: number): number;
  /** Fisher–Yates shuffle of `a` in place; returns `a`. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /**
   * Draws `k` distinct integers from [0, n) into `out` (partial Fisher–Yates on `scratch`, which
   * must hold 0..n-1 in any order on entry and is left permuted). O(k).
   */
  sample(n: number, k: number, scratch: Int32Array | Uint32Array, out: Int32Array | Uint32Array): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator. The same `seed` gives the same sequence on every runtime.
 * @param seed any finite number (default {@link DEFAULT_SEED}); it is reduced to an unsigned 32-bit integer.
 */
export function createRandom(seed = DEFAULT_SEED): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const sm = splitmix32(Math.trunc(seed));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const int = (n: number): number => {
    if (!(n > 0) || n > 0x100000000) throw new RangeError(`int(n) needs 0 < n <= 2^32, got ${n}`);
    // Lemire-style rejection keeps every value equally likely.
    const limit = 0x100000000 - (0x100000000 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
  };

  return {
    nextUint32,
    next: () => nextUint32() / 0x100000000,
    int,
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = arr[i];
        arr[i] = arr[j];
        arr[j] = tmp;
      }
      return arr;
    },
    sample(n, k, scratch, out) {
      for (let i = 0; i < k; i++) {
        const j = i + int(n - i);
        const tmp = scratch[i] as number;
        scratch[i] = scratch[j] as number;
        scratch[j] = tmp;
        out[i] = scratch[i] as number;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
