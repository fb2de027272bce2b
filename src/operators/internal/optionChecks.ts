import { shownValue } from '../../codec/messageParts.js';
import type { Transport } from '../../transport/Transport.js';

/*
 * The option checks only the operators and the client take; the general ones (numbers, objects,
 * callbacks, schedulers) are in codec/optionChecks.ts, with the same wording.
 */

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
