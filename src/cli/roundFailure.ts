import type { CallOutcome } from '../multicall/XmlRpcCall.js';
import { errorJson, isOwnFault } from './errorJson.js';

/**
 * Why a round of `watch` counts as failed for `--fail-on-error`, or `undefined` when it does not:
 * a call got an error (transport, protocol or parse, or a fault to the whole multicall), or every
 * call failed, its own faults included. A call's own fault beside answered calls is an answer, not
 * a failure. `undefined` outcomes mean no round was answered at all, which fails too.
 *
 * @param round The round's number, from 1, for the message.
 * @param outcomes Its outcomes.
 * @returns One line for stderr, such as `round 3 failed: 1 of 3 calls ok, 1 faults, 1 errors`.
 */
export function roundFailure(
  round: number,
  outcomes: readonly CallOutcome[] | undefined,
): string | undefined {
  if (outcomes === undefined) return 'stopped before any round was answered';
  let ok = 0;
  let faults = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) ok++;
    else if (isOwnFault(errorJson(outcome.error))) faults++;
  }
  const errors = outcomes.length - ok - faults;
  if (errors === 0 && ok > 0) return undefined;
  return `round ${round} failed: ${ok} of ${outcomes.length} calls ok, ${faults} faults, ${errors} errors`;
}
