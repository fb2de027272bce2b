/**
 * An integer option: `value`, or `fallback` when it is undefined; a RangeError naming `name` unless
 * it is an integer (or Infinity, where `max` allows it) from `min` to `max`. Shared by every layer's
 * option checks, so they all read alike.
 */
export function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) || value === Infinity) || value < min || value > max) {
    throw new RangeError(`\`${name}\` must be an integer from ${min} to ${max}: ${value}`);
  }
  return value;
}
