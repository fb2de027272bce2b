import {
  asyncScheduler,
  exhaustMap,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
  timer,
} from 'rxjs';
import type { CallOutcome, CallOutcomes, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { callsOption, objectOption, schedulerOption, shownValue } from './internal/optionChecks.js';

/** What polling needs of a client: one explicit multicall per tick (an `XmlRpcClient` has it). */
export interface MulticallSender {
  /** Sends `calls` in one request; emits their outcomes once, in call order. */
  multicall<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]>;
}

/** Options of {@link poll}. */
export interface PollConfig {
  /** Time between ticks, in milliseconds (the first tick is at once). */
  readonly everyMs: number;
  /** Scheduler of the ticks. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

export function pollOn<const Cs extends readonly XmlRpcCall[]>(
  client: MulticallSender,
  calls: Cs,
): OperatorFunction<unknown, CallOutcomes<Cs>>;
export function pollOn<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
): OperatorFunction<unknown, CallOutcome<C>[]>;
/**
 * Sends `calls` as one multicall for every value of the source (a refresh button, a timer, both
 * merged) and emits each round's outcomes. A trigger that arrives while a round is in flight is
 * skipped, never queued, so a slow server is never asked twice at once.
 *
 * ```text
 * trigger: t-t-t-t-t-|
 * pollOn(client, calls)          (each round takes 3 frames)
 * output:  ---a---b---(c|)       a, b, c := CallOutcome[] of one round each
 * ```
 *
 * @example Refresh on a timer and on demand
 * ```ts
 * import { fromEvent, merge, timer } from 'rxjs';
 * import { type CallOutcome, pollOn, type XmlRpcCall, type XmlRpcClient } from 'rxjs-xmlrpc';
 *
 * declare const client: XmlRpcClient;
 * declare const calls: XmlRpcCall[];
 * declare function render(outcomes: CallOutcome[]): void;
 * const refreshClicks$ = fromEvent(document.querySelector('#refresh')!, 'click');
 * merge(timer(0, 5000), refreshClicks$).pipe(pollOn(client, calls)).subscribe(render);
 * ```
 * @see {@link poll}
 * @param client The client that sends each round.
 * @param calls The calls of every round; each outcome's `call` is the very descriptor given.
 * @returns An operator emitting one `CallOutcome[]` per round, in call order; a tuple of calls gives a
 *   tuple of outcomes, each `value` of its call's result type (see {@link callOf}).
 * @throws TypeError At creation, for a `client` without `multicall` or `calls` that are not an array.
 */
export function pollOn<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
): OperatorFunction<unknown, CallOutcome<C>[]> {
  checkPollTarget(client, calls);
  return exhaustMap(() => client.multicall(calls));
}

/** Checks what both forms poll, so a wrong argument fails at creation rather than at the first tick. */
function checkPollTarget(client: MulticallSender, calls: readonly XmlRpcCall[]): void {
  if (typeof (client as Partial<MulticallSender> | null)?.multicall !== 'function') {
    throw new TypeError(
      `\`client\` must have a \`multicall\` method (an XmlRpcClient, for example), but got ${shownValue(client)}`,
    );
  }
  callsOption(calls);
}

export function poll<const Cs extends readonly XmlRpcCall[]>(
  client: MulticallSender,
  calls: Cs,
  config: PollConfig,
): Observable<CallOutcomes<Cs>>;
export function poll<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
  config: PollConfig,
): Observable<CallOutcome<C>[]>;
/**
 * Polls a server for dashboards: sends `calls` as one multicall at once and then every `everyMs`,
 * emitting each round's outcomes. Per-call faults and transport errors arrive as outcomes, so polling
 * goes on through them; a slow response skips ticks rather than queueing them (never two rounds in
 * flight); unsubscribing stops the timer and aborts the round in flight.
 *
 * ```text
 * poll(client, calls, { everyMs: 2 })   (each round takes 3 frames)
 * ticks:   t-t-t-t-t-t-t-…
 * output:  ---a---b---c-…               the ticks at 2, 6, 10… found a round in flight
 * ```
 *
 * @example Watch supervisord every second
 * ```ts
 * import { createXmlRpcClient, fetchTransport, poll } from 'rxjs-xmlrpc';
 * const client = createXmlRpcClient({ transport: fetchTransport('http://127.0.0.1:9001/RPC2') });
 * poll(client, [{ methodName: 'supervisor.getAllProcessInfo', params: [] }], { everyMs: 1000 })
 *   .subscribe((outcomes) => {
 *     for (const outcome of outcomes) console.log(outcome.ok ? outcome.value : outcome.error.message);
 *   });
 * ```
 * @see {@link pollOn}
 * @returns An endless Observable of `CallOutcome[]`, one per round, in call order; a tuple of calls
 *   gives a tuple of outcomes, each `value` of its call's result type (see {@link callOf}).
 * @throws TypeError At creation, for a `client` without `multicall`, `calls` that are not an array, or
 *   an option of the wrong kind.
 * @throws RangeError At creation, when `everyMs` is not a positive finite number.
 */
export function poll<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
  config: PollConfig,
): Observable<CallOutcome<C>[]> {
  checkPollTarget(client, calls);
  const { everyMs } = objectOption('config', config, false);
  if (typeof everyMs !== 'number' || !Number.isFinite(everyMs) || everyMs <= 0) {
    const ErrorType = typeof everyMs === 'number' ? RangeError : TypeError;
    throw new ErrorType(
      `\`everyMs\` must be a positive number of milliseconds, but got ${shownValue(everyMs)}`,
    );
  }
  const scheduler = schedulerOption(config.scheduler, asyncScheduler);
  return timer(0, everyMs, scheduler).pipe(pollOn(client, calls));
}
