import type { SchedulerLike } from 'rxjs';
import type { EncodeOptions } from './codecOptions.js';
import { shownValue } from './messageParts.js';

/*
 * Creation-time checks for the options of every layer (codec, server, transport, operators, client).
 * Each error names the option in backticks and reads "`name` must be …, but got X": a TypeError for a
 * value of the wrong kind, a RangeError for one of the right kind out of range.
 */

/** The numbers a numeric option accepts. */
export interface NumberRange {
  readonly min: number;
  /** Largest accepted; default `Infinity`, no bound. */
  readonly max?: number;
  /** Whether fractions are accepted; default `false`, integers only. */
  readonly fractions?: boolean;
  /** Whether `Infinity` itself is accepted, for "no limit"; default: when `max` is `Infinity`. */
  readonly infinity?: boolean;
}

/** A numeric option in `range`; `fallback` when left out. */
export function numberOption(
  name: string,
  value: number | undefined,
  fallback: number,
  range: NumberRange,
): number {
  if (value === undefined) return fallback;
  const { min, max = Infinity, fractions = false, infinity = max === Infinity } = range;
  const accepted =
    typeof value === 'number' &&
    (value === Infinity
      ? infinity
      : value >= min && value <= max && (fractions ? Number.isFinite(value) : Number.isInteger(value)));
  if (!accepted) {
    const ErrorType = typeof value === 'number' ? RangeError : TypeError;
    throw new ErrorType(
      `\`${name}\` must be ${describeRange(min, max, fractions, infinity)}, but got ${shownValue(value)}`,
    );
  }
  return value;
}

/** An integer option from `min` to `max` (`Infinity` accepted when `max` is); `fallback` when left out. */
export function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min = 1,
  max = Infinity,
): number {
  return numberOption(name, value, fallback, { min, max });
}

/** "a positive integer or Infinity", "an integer from 0 to 65535", "a finite number of at least 0"… */
function describeRange(min: number, max: number, fractions: boolean, infinity: boolean): string {
  const kind = fractions ? (max === Infinity && !infinity ? 'a finite number' : 'a number') : 'an integer';
  let span: string;
  if (max !== Infinity) span = `${kind} from ${min} to ${max}`;
  else if (min === 1 && !fractions) span = 'a positive integer';
  else span = `${kind} of at least ${min}`;
  return infinity ? `${span} or Infinity` : span;
}

/** An options object (arrays and `null` refused); `{}` when left out and `optional`. */
export function objectOption<T extends object>(name: string, value: T | undefined, optional = true): T {
  if (value === undefined && optional) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`\`${name}\` must be an object, but got ${shownValue(value)}`);
  }
  return value;
}

/** A callback, or `undefined` when left out. */
export function functionOption<F extends (...args: never[]) => unknown>(
  name: string,
  value: F | undefined,
): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`\`${name}\` must be a function, but got ${shownValue(value)}`);
  }
  return value;
}

/** A flag; `fallback` when left out. */
export function booleanOption(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(`\`${name}\` must be true or false, but got ${shownValue(value)}`);
  }
  return value;
}

/** A scheduler (anything with `now` and `schedule`, so a TestScheduler too); `fallback` when left out. */
export function schedulerOption(value: SchedulerLike | undefined, fallback: SchedulerLike): SchedulerLike {
  if (value === undefined) return fallback;
  const { now, schedule } = (value ?? {}) as Partial<SchedulerLike>;
  if (typeof value !== 'object' || typeof now !== 'function' || typeof schedule !== 'function') {
    throw new TypeError(
      '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
        `\`asapScheduler\`), but got ${shownValue(value)}`,
    );
  }
  return value;
}

/** Checks encode options, which the codec only reads when a value is encoded. */
export function encodeOptionsOption(value: EncodeOptions | undefined): EncodeOptions | undefined {
  if (value === undefined) return undefined;
  booleanOption('encodeOptions.allowNil', objectOption('encodeOptions', value).allowNil, true);
  return value;
}
