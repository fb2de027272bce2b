/** Creation-time checks for operator options; each error names the option in backticks. */

/** A count limit: a positive integer, or `Infinity` for none; `fallback` when left out. */
export function countOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value !== Number.POSITIVE_INFINITY && !(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`\`${name}\` must be a positive integer or Infinity, but got ${String(value)}`);
  }
  return value;
}

/** A delay in milliseconds: a finite number of at least 0; `fallback` when left out. */
export function delayOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `\`${name}\` must be a finite number of milliseconds, 0 or more, but got ${String(value)}`,
    );
  }
  return value;
}
