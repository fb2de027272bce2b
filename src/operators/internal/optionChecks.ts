import type { SchedulerLike } from 'rxjs';
import type { EncodeOptions } from '../../codec/codecOptions.js';
import type { Transport } from '../../transport/Transport.js';

/**
 * Creation-time checks for the options of the client, the operators and the transports. Each error
 * names the option in backticks and reads "`name` must be …, but got X": a TypeError for a value of
 * the wrong kind, a RangeError for one of the right kind out of range.
 */

/** A rejected value as a message shows it: strings quoted, objects by their kind, never dumped. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** A count limit: a positive integer, or `Infinity` for none; `fallback` when left out. */
export function countOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value !== Number.POSITIVE_INFINITY && !(Number.isInteger(value) && value >= 1)) {
    const ErrorType = typeof value === 'number' ? RangeError : TypeError;
    throw new ErrorType(`\`${name}\` must be a positive integer or Infinity, but got ${shownValue(value)}`);
  }
  return value;
}

/** A delay in milliseconds: a finite number of at least 0; `fallback` when left out. */
export function delayOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const ErrorType = typeof value === 'number' ? RangeError : TypeError;
    throw new ErrorType(
      `\`${name}\` must be a finite number of milliseconds, 0 or more, but got ${shownValue(value)}`,
    );
  }
  return value;
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

/** The transport every request goes through: a function. */
export function transportOption(value: Transport): Transport {
  if (typeof value !== 'function') {
    throw new TypeError(
      `\`transport\` must be a function returning an Observable, but got ${shownValue(value)}`,
    );
  }
  return value;
}

/** A list of calls (their contents are checked when each is encoded, and fail alone). */
export function callsOption<C>(value: readonly C[]): readonly C[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`\`calls\` must be an array of calls, but got ${shownValue(value)}`);
  }
  return value;
}

/** Checks encode options, which the codec only reads when a call is encoded. */
export function encodeOptionsOption(value: EncodeOptions | undefined): EncodeOptions | undefined {
  if (value === undefined) return undefined;
  booleanOption('encodeOptions.allowNil', objectOption('encodeOptions', value).allowNil, true);
  return value;
}
