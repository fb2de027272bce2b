import {
  concat,
  defer,
  EMPTY,
  finalize,
  from,
  merge,
  mergeMap,
  Observable,
  of,
  type SchedulerLike,
} from 'rxjs';
import type { XmlRpcError } from '../../codec/XmlRpcError.js';
import { XmlRpcFault } from '../../codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../codec/XmlRpcParseError.js';
import type { CallOutcome, XmlRpcCall } from '../../multicall/XmlRpcCall.js';
import { XmlRpcTransportError } from '../../transport/XmlRpcTransportError.js';
import { isMulticallUnsupported, isTooLarge } from '../batchFailures.js';
import type { ClientEvent } from '../ClientEvent.js';

/**
 * One request for `calls`: emits their outcomes (those of calls it could not send first, then those
 * of the calls sent, as one array each) and completes; never errors. It calls `sending(count)` as the
 * request leaves with `count` calls, so the policy knows whether a multicall really went out.
 */
export type Exchange = <C extends XmlRpcCall>(
  calls: readonly C[],
  sending: (count: number) => void,
) => Observable<CallOutcome<C>[]>;

/** The choices of {@link DeliveryPolicy}. */
export interface DeliveryPolicyOptions {
  /** `'auto'`: re-send as single calls when the endpoint has no `system.multicall`. */
  readonly fallback: 'auto' | 'never';
  /** Re-send one by one the calls of a multicall the server faulted as a whole (see below). */
  readonly retrySingly: boolean;
  /** Receives `fallback`, `batchSplit` and `batchRetriedSingly` events. */
  readonly emit: (event: ClientEvent) => void;
  /** The clock of the events. */
  readonly scheduler: SchedulerLike;
}

/** What the endpoint is known to do with `system.multicall`. */
type MulticallSupport = 'unknown' | 'probing' | 'supported' | 'unsupported';

/**
 * How a client's batch reaches the server: the recoveries from a whole request refused, and the
 * memory of what the endpoint does with `system.multicall`. Requests go out through `exchange` only.
 *
 * - **No `system.multicall`** (`fallback: 'auto'`): the calls are re-sent one by one, and so is every
 *   later batch. To learn that once, the first multicall to the endpoint is a probe: until it is
 *   answered, later multicalls wait (without taking a concurrency slot), so one refusal is received
 *   and one `fallback` event emitted. An answer that tells nothing (a transport or parse error, "too
 *   large", or no multicall sent after all) lets the next waiting batch probe again.
 * - **Too large** (HTTP 413 or a fault saying so): the calls are re-sent as two halves, down to single
 *   calls.
 * - **Any other fault to `system.multicall` itself** (`retrySingly`): the calls are re-sent one by one,
 *   so that a server that fails a whole multicall for one call's sake (Python faults the whole response
 *   when one result cannot be marshalled) never fails a call that would succeed alone. The server may
 *   have run the calls already: a retried call runs at least once, possibly twice. Transport, parse and
 *   protocol errors are not retried: they say nothing of any one call, and the calls may have run.
 *
 * The outcomes of each request are emitted as they settle; together they cover every call once.
 */
export class DeliveryPolicy {
  private support: MulticallSupport = 'unknown';
  /** Batches waiting for the probe's answer, in arrival order. */
  private held: Array<() => void> = [];

  constructor(
    private readonly exchange: Exchange,
    private readonly options: DeliveryPolicyOptions,
  ) {}

  /** Delivers `calls` (a batch of the queue, an explicit multicall, one call): their outcomes, as they settle. */
  deliver<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> {
    return defer(() => {
      if (calls.length < 2 || this.options.fallback === 'never') return this.send(calls, false);
      switch (this.support) {
        case 'unsupported':
          return this.singly(calls);
        case 'probing':
          return this.hold(calls);
        case 'unknown':
          return this.send(calls, true);
        case 'supported':
          return this.send(calls, false);
      }
    });
  }

  /** Waits for the probe's answer, then delivers. */
  private hold<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> {
    return new Observable<CallOutcome<C>[]>((subscriber) => {
      const resume = () => {
        this.deliver(calls).subscribe(subscriber);
      };
      this.held.push(resume);
      return () => {
        const index = this.held.indexOf(resume);
        if (index >= 0) this.held.splice(index, 1);
      };
    });
  }

  /** Lets the held batches go, in order, once the probe told something (or nothing). */
  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const resume of held) resume();
  }

  /** One request, then whatever recovery its refusal calls for; a probe learns from its answer. */
  private send<C extends XmlRpcCall>(calls: readonly C[], probe: boolean): Observable<CallOutcome<C>[]> {
    if (!probe) return this.exchange(calls, ignoreCount).pipe(mergeMap((outcomes) => this.recover(outcomes)));
    this.support = 'probing';
    let sentAsMulticall = false;
    let learnt = false;
    const learn = (support: MulticallSupport) => {
      learnt = true;
      // 'unsupported' is recorded by recover(), which emits the `fallback` event with it.
      if (this.support === 'probing' && support !== 'unsupported') this.support = support;
    };
    return this.exchange(calls, (count) => {
      sentAsMulticall = count > 1;
    }).pipe(
      mergeMap((outcomes) => {
        // The answer to the multicall itself (calls that could not be sent come before it leaves).
        if (learnt || !sentAsMulticall) return this.recover(outcomes);
        learn(supportTold(batchFailure(outcomes)));
        // The held batches go after this batch's own recovery has asked for its requests.
        return merge(
          this.recover(outcomes),
          defer(() => {
            this.releaseHeld();
            return EMPTY;
          }),
        );
      }),
      finalize(() => {
        // Never sent as a multicall, or unsubscribed before the answer: nothing learnt. The held
        // batches go by an action, in case they are being unsubscribed with this one (the halves of
        // one split), so that none is sent only to be aborted.
        if (learnt) return;
        learn('unknown');
        this.options.scheduler.schedule(() => this.releaseHeld());
      }),
    );
  }

  /** The outcomes of one request, or, when the server refused it as a whole, those of a recovery. */
  private recover<C extends XmlRpcCall>(outcomes: CallOutcome<C>[]): Observable<CallOutcome<C>[]> {
    const failure = batchFailure(outcomes);
    if (failure === undefined) return of(outcomes);
    const { fallback, retrySingly, emit, scheduler } = this.options;
    const settled = outcomes.filter((o) => o.ok || !o.error.batchLevel);
    const retry = outcomes.filter((o) => !o.ok && o.error.batchLevel).map((o) => o.call);
    const then = (recovery: Observable<CallOutcome<C>[]>) =>
      settled.length > 0 ? concat(of(settled), recovery) : recovery;
    if (fallback === 'auto' && isMulticallUnsupported(failure)) {
      if (this.support !== 'unsupported') {
        this.support = 'unsupported';
        const { faultCode, faultString } = failure;
        emit({ type: 'fallback', at: scheduler.now(), size: retry.length, faultCode, faultString });
      }
      return then(this.singly(retry));
    }
    if (retry.length < 2) return of(outcomes);
    if (isTooLarge(failure)) {
      const half = Math.ceil(retry.length / 2);
      const into = [half, retry.length - half] as const;
      emit({ type: 'batchSplit', at: scheduler.now(), size: retry.length, into });
      return then(merge(this.deliver(retry.slice(0, half)), this.deliver(retry.slice(half))));
    }
    if (retrySingly && failure instanceof XmlRpcFault && !isMulticallUnsupported(failure)) {
      const { faultCode, faultString } = failure;
      emit({ type: 'batchRetriedSingly', at: scheduler.now(), size: retry.length, faultCode, faultString });
      return then(this.singly(retry));
    }
    return of(outcomes);
  }

  /** Each call as its own plain request; the exchange bounds how many are in flight. */
  private singly<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> {
    return from(calls).pipe(mergeMap((call) => this.exchange([call], ignoreCount)));
  }
}

function ignoreCount(): void {}

/** The error that failed a whole request, if one did. */
function batchFailure(outcomes: readonly CallOutcome[]): XmlRpcError | undefined {
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.error.batchLevel) return outcome.error;
  }
  return undefined;
}

/** What an answer to a multicall says of `system.multicall` on this endpoint. */
function supportTold(failure: XmlRpcError | undefined): MulticallSupport {
  if (failure === undefined) return 'supported';
  if (isMulticallUnsupported(failure)) return 'unsupported';
  // The request did not get through, or not whole: it tells nothing of the method.
  if (failure instanceof XmlRpcTransportError || failure instanceof XmlRpcParseError || isTooLarge(failure)) {
    return 'unknown';
  }
  return 'supported';
}
