import { UsageError } from './Command.js';

const DIGITS = /^\d+$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };
const SIZE = /^(\d+)(B|kB|KB|MB|GB|KiB|MiB|GiB)?$/;
const UNIT_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
};

/**
 * An option's whole-number value within `min`..`max`, or `fallback` when the option was not given.
 *
 * @throws UsageError Naming the option, for anything else.
 */
export function integerArg(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, but got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/**
 * An option's duration in milliseconds: `500ms`, `1s`, `1.5s`, `2m`, or a bare number of seconds;
 * `fallback` when the option was not given.
 *
 * @throws UsageError Naming the option, for anything else or a duration of zero.
 */
export function durationArg<F>(name: string, text: string | undefined, fallback: F): number | F {
  if (text === undefined) return fallback;
  const match = DURATION.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's']! : Number.NaN;
  if (!(ms >= 1 && ms <= 2 ** 31 - 1)) {
    throw new UsageError(
      `--${name} must be a duration such as 500ms, 1s or 2m (at least 1ms), but got ${JSON.stringify(text)}`,
    );
  }
  return Math.round(ms); // 1.1s is 1100, not 1100.0000000000002
}

/**
 * An option's size in bytes: a whole number of bytes, or one followed by a unit, `kB`, `MB`, `GB`
 * (powers of 1000) or `KiB`, `MiB`, `GiB` (powers of 1024); `fallback` when the option was not given.
 *
 * @throws UsageError Naming the option, for anything else or a size of zero.
 */
export function sizeArg<F>(name: string, text: string | undefined, fallback: F): number | F {
  if (text === undefined) return fallback;
  const match = SIZE.exec(text);
  const bytes = match ? Number(match[1]) * UNIT_BYTES[match[2] ?? 'B']! : Number.NaN;
  if (!(bytes >= 1 && bytes <= Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(
      `--${name} must be a size such as 500000, 500kB or 64MiB (at least 1 byte), but got ${JSON.stringify(text)}`,
    );
  }
  return bytes;
}

/**
 * An option's list of names, separated by commas (`name,statename,pid`), in the order given;
 * `undefined` when the option was not given. Names are taken as written, spaces included.
 *
 * @throws UsageError Naming the option, for an empty name or a name given twice.
 */
export function namesArg(name: string, text: string | undefined): readonly string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',');
  if (names.includes('')) {
    throw new UsageError(
      `--${name} must be member names separated by commas, but got ${JSON.stringify(text)}`,
    );
  }
  const twice = names.find((each, index) => names.indexOf(each) !== index);
  if (twice !== undefined) throw new UsageError(`--${name} names ${JSON.stringify(twice)} twice`);
  return names;
}

/** A duration as `durationArg` reads it: `1s`, `1.5s`, `250ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * The endpoint URL argument, checked: `http:` or `https:`, possibly with `user:password@`.
 *
 * @throws UsageError When missing or not an HTTP URL.
 */
export function urlArg(text: string | undefined): string {
  if (text === undefined) throw new UsageError('missing URL');
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    // Reported below, with the usual cause of it: a missing scheme.
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new UsageError(
      `URL must start with http:// or https://, but got ${JSON.stringify(withoutUserInfo(text).slice(0, 80))}`,
    );
  }
  return text;
}

/** `text` with whatever stands between `//` and `@` hidden: a refused URL may still carry a password. */
function withoutUserInfo(text: string): string {
  return text.replace(/\/\/[^/?#@]*@/, '//…@');
}
