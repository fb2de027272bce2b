import { asyncScheduler, type OperatorFunction, type SchedulerLike, scan } from 'rxjs';
import { objectOption, schedulerOption } from '../codec/optionChecks.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';

/** Options of {@link pollState}. */
export interface PollStateOptions {
  /** The clock of `lastGoodAt` and `staleSince` (its `now()`). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Where one call of a polling round stands: its latest outcome, and the last value the server gave
 * it, kept while later rounds fail.
 */
export interface CallState<C extends XmlRpcCall = XmlRpcCall> {
  /** The call's outcome in this round. */
  readonly outcome: CallOutcome<C>;
  /**
   * True once a round answered the call with a value. Then `lastValue` is set, even to a falsy value
   * (`0`, `false`, `''`, `null`); `'lastValue' in state` says the same. False: never had a value.
   */
  readonly hasLastValue: boolean;
  /** The value of the call's latest successful outcome, this round's or an earlier one's. */
  readonly lastValue?: Extract<CallOutcome<C>, { ok: true }>['value'];
  /** `scheduler.now()` of the latest round in which the call succeeded. */
  readonly lastGoodAt?: number;
  /**
   * `scheduler.now()` of the first round in which the call failed (a fault too) after its latest
   * success, or since the subscription if it never succeeded; `undefined` when this round's outcome
   * is a success.
   */
  readonly staleSince?: number;
}

/**
 * Turns polling rounds into each call's state, for dashboards that keep showing the last good
 * values (greyed, say) while a server is down, and since when. Emits one `CallState[]` per round,
 * one state per call in the round's order; a call's state follows the outcome at the same index
 * round after round, which is right for the rounds of {@link poll} and {@link pollOn}, whose calls
 * are the same every round. Any failed outcome, a fault included, makes its call stale. State
 * lives in the subscription: each subscriber starts from nothing.
 *
 * ```text
 * rounds:  -a---b---c---d-|      a, d := [ok 1]   b, c := [failed]   (scheduler.now() = frame)
 * pollState({ scheduler })
 * output:  -A---B---C---D-|      A := { lastValue: 1, lastGoodAt: 1 }
 *                                B := { lastValue: 1, lastGoodAt: 1, staleSince: 5 }
 *                                C := { lastValue: 1, lastGoodAt: 1, staleSince: 5 }
 *                                D := { lastValue: 1, lastGoodAt: 13 }
 * ```
 *
 * @example Last good values, greyed while stale
 * ```ts
 * import { createXmlRpcClient, fetchTransport, poll, pollState } from 'rxjs-xmlrpc';
 *
 * const client = createXmlRpcClient({ transport: fetchTransport('/RPC2') });
 * const calls = [{ methodName: 'supervisor.getState', params: [] }];
 * poll(client, calls, { everyMs: 2000, backoff: { maxMs: 30_000 } })
 *   .pipe(pollState())
 *   .subscribe((states) => {
 *     for (const { outcome, hasLastValue, lastValue, staleSince } of states) {
 *       const since = staleSince === undefined ? '' : new Date(staleSince).toLocaleTimeString();
 *       const shown = hasLastValue ? lastValue : '…';
 *       console.log(outcome.call.methodName, shown, since && `stale since ${since}`);
 *     }
 *   });
 * ```
 * @see {@link poll}, {@link pollOn}
 * @param options The clock of the times.
 * @returns An operator emitting one `CallState[]` per round, in call order.
 * @throws TypeError At creation, for options of the wrong kind.
 */
export function pollState<C extends XmlRpcCall>(
  options?: PollStateOptions,
): OperatorFunction<readonly CallOutcome<C>[], CallState<C>[]> {
  const scheduler = schedulerOption(objectOption('options', options).scheduler, asyncScheduler);
  // `scan`'s accumulator belongs to each subscription; the seed is never mutated.
  return scan(
    (previous: CallState<C>[], outcomes: readonly CallOutcome<C>[]) =>
      outcomes.map((outcome, index) => nextState(previous[index], outcome, scheduler.now())),
    [],
  );
}

/** A call's state after `outcome` came at `now`, from its state after the round before. */
function nextState<C extends XmlRpcCall>(
  previous: CallState<C> | undefined,
  outcome: CallOutcome<C>,
  now: number,
): CallState<C> {
  if (outcome.ok) return { outcome, hasLastValue: true, lastValue: outcome.value, lastGoodAt: now };
  const staleSince = previous?.staleSince ?? now;
  if (previous?.hasLastValue !== true) return { outcome, hasLastValue: false, staleSince };
  const { lastValue, lastGoodAt } = previous;
  return { outcome, hasLastValue: true, lastValue, lastGoodAt, staleSince };
}
