import {
  asyncScheduler,
  concatMap,
  defer,
  exhaustMap,
  type Observable,
  type OperatorFunction,
  repeat,
  type SchedulerLike,
  tap,
  timer,
} from 'rxjs';
import { shownValue } from '../codec/messageParts.js';
import { objectOption, schedulerOption } from '../codec/optionChecks.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { CallOutcome, CallOutcomes, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { callsOption } from './internal/optionChecks.js';

/** What polling needs of a client: one explicit multicall per tick (an `XmlRpcClient` has it). */
export interface MulticallSender {
  /** Sends `calls` in one request; emits their outcomes once, in call order. */
  multicall<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]>;
}

/** The `backoff` option of {@link poll}. */
export interface PollBackoff {
  /** The longest time between rounds while they fail, in milliseconds: finite, at least `everyMs`. */
  readonly maxMs: number;
}

/** Options of {@link poll}. */
export interface PollConfig {
  /** Time between ticks, in milliseconds (the first tick is at once). */
  readonly everyMs: number;
  /**
   * Polls less often while the server cannot be reached: after each failed round in a row (see
   * {@link poll}) the time to the next round doubles, from `everyMs` up to `maxMs` (a finite number,
   * at least `everyMs`); the first round that is not failed brings it back to `everyMs`. Left out,
   * rounds come every `everyMs` whatever their outcomes.
   */
  readonly backoff?: PollBackoff;
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
 * With `backoff`, the period is set again after each round: it doubles after a failed round, up to
 * `backoff.maxMs`, and is `everyMs` again after any other round. The next round is due one period
 * after the round that just ended was due; if that round outlasted the period, the ticks it outlasted
 * are skipped, as without backoff. A round is
 * **failed** when the server did not answer any of its calls: every outcome is an error that is not
 * an `XmlRpcFault`, and at least one has `batchLevel: true` (the request failed as a whole: a
 * transport error, a timeout, an unreadable response). A fault is an answer, so a round with a fault
 * in it, even one to `system.multicall` itself, is not failed; nor is a round whose calls could not
 * be encoded, as nothing was sent.
 *
 * ```text
 * poll(client, calls, { everyMs: 10, backoff: { maxMs: 40 } })   (each round takes 1 frame)
 * rounds due at:  0   20   60  100 140 150                        x := a failed round, g := another
 * output:         -x 19ms x 39ms x 39ms x 39ms g 9ms g …          periods: 20, 40, 40 (not 80), 40, 10
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
 * @example Every 2 s, every 4, 8, 16 and then 30 s while the server is down
 * ```ts
 * import { createXmlRpcClient, fetchTransport, poll } from 'rxjs-xmlrpc';
 * const client = createXmlRpcClient({ transport: fetchTransport('/RPC2', { timeoutMs: 10_000 }) });
 * const calls = [{ methodName: 'supervisor.getState', params: [] }];
 * poll(client, calls, { everyMs: 2000, backoff: { maxMs: 30_000 } }).subscribe((outcomes) =>
 *   console.log(outcomes.map((outcome) => (outcome.ok ? outcome.value : outcome.error.message))),
 * );
 * ```
 * @see {@link pollOn}, {@link pollState}
 * @returns An endless Observable of `CallOutcome[]`, one per round, in call order; a tuple of calls
 *   gives a tuple of outcomes, each `value` of its call's result type (see {@link callOf}).
 * @throws TypeError At creation, for a `client` without `multicall`, `calls` that are not an array, or
 *   an option of the wrong kind.
 * @throws RangeError At creation, when `everyMs` is not a positive finite number, or `backoff.maxMs`
 *   is not a finite number of at least `everyMs`.
 */
export function poll<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
  config: PollConfig,
): Observable<CallOutcome<C>[]> {
  checkPollTarget(client, calls);
  const { everyMs, backoff } = objectOption('config', config, false);
  if (typeof everyMs !== 'number' || !Number.isFinite(everyMs) || everyMs <= 0) {
    const ErrorType = typeof everyMs === 'number' ? RangeError : TypeError;
    throw new ErrorType(
      `\`everyMs\` must be a positive number of milliseconds, but got ${shownValue(everyMs)}`,
    );
  }
  // Without backoff the period never grows past `everyMs`: one schedule serves both.
  const maxMs = backoff === undefined ? everyMs : maxMsOption(backoff, everyMs);
  const scheduler = schedulerOption(config.scheduler, asyncScheduler);
  return defer(() => {
    // Per subscription: when the next round is due, and the period that follows the round in flight.
    let dueAt = scheduler.now();
    let periodMs = everyMs;
    return defer(() => timer(Math.max(0, dueAt - scheduler.now()), scheduler)).pipe(
      concatMap(() => client.multicall(calls)),
      tap({
        next: (outcomes) => {
          periodMs = roundFailed(outcomes) ? Math.min(periodMs * 2, maxMs) : everyMs;
        },
        complete: () => {
          // Ticks that came while the round was in flight are skipped, never queued.
          const periods = Math.max(1, Math.ceil((scheduler.now() - dueAt) / periodMs));
          dueAt += periods * periodMs;
        },
      }),
      repeat(),
    );
  });
}

/** `backoff.maxMs`: how long the period may grow while rounds fail, never below `everyMs`. */
function maxMsOption(backoff: PollBackoff, everyMs: number): number {
  const { maxMs } = objectOption('backoff', backoff, false);
  if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < everyMs) {
    const ErrorType = typeof maxMs === 'number' ? RangeError : TypeError;
    throw new ErrorType(
      `\`backoff.maxMs\` must be a finite number of milliseconds, at least \`everyMs\` (${everyMs}), ` +
        `but got ${shownValue(maxMs)}`,
    );
  }
  return maxMs;
}

/** Whether no call of a round reached the server (see {@link poll}): what backoff counts. */
function roundFailed(outcomes: readonly CallOutcome[]): boolean {
  return (
    outcomes.some((outcome) => !outcome.ok && outcome.error.batchLevel === true) &&
    outcomes.every((outcome) => !outcome.ok && !(outcome.error instanceof XmlRpcFault))
  );
}
