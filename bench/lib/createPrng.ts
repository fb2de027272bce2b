/** A seeded pseudo-random source, so generated fixtures are byte-identical from run to run. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Creates a mulberry32 generator: tiny, fast and good enough for test data (not for anything secret).
 *
 * @example
 * ```ts
 * const prng = createPrng(42);
 * prng.int(1, 6); // the same sequence on every run
 * ```
 * @param seed Any 32-bit integer.
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('`items` must not be empty');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
