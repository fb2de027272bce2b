import { Observable, type Subscriber, Subscription } from 'rxjs';
import { shownValue } from '../codec/messageParts.js';
import { XmlRpcError } from '../codec/XmlRpcError.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { subscribeLinked } from './internal/subscribeLinked.js';

/** Per-call observables over one stream of outcomes; see {@link splitOutcomes}. */
export interface OutcomeRouter<C extends XmlRpcCall = XmlRpcCall> {
  /**
   * The outcome of `call`, matched by identity (the very descriptor object): emits the value and
   * completes, or errors with the call's own error. It waits from the moment it is subscribed, so
   * subscribe before the call is submitted; unsubscribing stops waiting.
   */
  outcomeFor(call: C): Observable<XmlRpcValue>;
  /** How many subscribers are waiting for an outcome right now. */
  readonly waiting: number;
}

/**
 * Routes a stream of outcomes (from {@link dispatchMulticall}) back to one observable per call, so
 * each caller sees only its own result.
 *
 * The router subscribes to `outcomes` while anyone waits and unsubscribes when nobody does, which
 * aborts the requests still in flight. Each outcome goes to the first subscriber waiting for that
 * very call object and is then forgotten, so nothing is kept once delivered. An outcome nobody waits
 * for (its caller gave up) is dropped. If `outcomes` errors, every waiting subscriber gets that
 * error; if it completes, every waiting subscriber gets an `XmlRpcError` saying so.
 *
 * ```text
 * outcomes:       ------A--B--      A := { call: a, ok: true, value: 1 }   B := { call: b, ok: true, value: 2 }
 * outcomeFor(a):  ------(1|)
 * outcomeFor(b):  ---------(2|)
 * ```
 *
 * @example A cold call: wait for the outcome, then submit the call
 * ```ts
 * import { batchCalls, dispatchMulticall, splitOutcomes } from 'rxjs-xmlrpc';
 * import type { Transport, XmlRpcCall, XmlRpcParam } from 'rxjs-xmlrpc';
 * import { defer, EMPTY, merge, Subject } from 'rxjs';
 *
 * declare const transport: Transport;
 * const calls = new Subject<XmlRpcCall>();
 * const router = splitOutcomes(calls.pipe(batchCalls(), dispatchMulticall(transport)));
 * const call = (methodName: string, ...params: XmlRpcParam[]) =>
 *   defer(() => {
 *     const descriptor = { methodName, params };
 *     // merge subscribes in order: the router waits before the call is queued.
 *     return merge(router.outcomeFor(descriptor), defer(() => (calls.next(descriptor), EMPTY)));
 *   });
 * call('supervisor.getState').subscribe(console.log);
 * ```
 * @see {@link dispatchMulticall}
 * @param outcomes The outcome stream to share between callers; subscribed to only while someone waits.
 * @returns A router handing out one observable per call.
 * @throws TypeError At creation, when `outcomes` is not an Observable.
 */
export function splitOutcomes<C extends XmlRpcCall>(outcomes: Observable<CallOutcome<C>>): OutcomeRouter<C> {
  if (typeof (outcomes as Partial<Observable<unknown>> | null)?.subscribe !== 'function') {
    throw new TypeError(`\`outcomes\` must be an Observable, but got ${shownValue(outcomes)}`);
  }
  // Subscribers waiting per call, first come first served (one descriptor may be submitted twice).
  const waiting = new Map<C, Subscriber<XmlRpcValue>[]>();
  let waitingCount = 0;
  let connection: Subscription | undefined;

  /** Takes the first subscriber waiting for `call` off the table. */
  const take = (call: C): Subscriber<XmlRpcValue> | undefined => {
    const queue = waiting.get(call);
    const subscriber = queue?.shift();
    if (subscriber === undefined) return undefined;
    waitingCount--;
    if (queue?.length === 0) waiting.delete(call);
    return subscriber;
  };

  /** Takes every waiting subscriber off the table and forgets the connection (it has ended). */
  const takeAll = (): Array<[C, Subscriber<XmlRpcValue>[]]> => {
    const all = [...waiting];
    waiting.clear();
    waitingCount = 0;
    connection = undefined;
    return all;
  };

  const connect = () => {
    // Assigned before subscribing, because a source may deliver synchronously, inside `subscribe`: if
    // its outcomes leave nobody waiting, this very connection must be closable, which stops the source
    // (the link) and drops whatever it still sends, even once a new connection is open.
    const subscription = new Subscription();
    connection = subscription;
    subscribeLinked(outcomes, subscription, {
      next: (outcome) => {
        const subscriber = take(outcome.call);
        if (subscriber === undefined) return;
        if (outcome.ok) {
          subscriber.next(outcome.value);
          subscriber.complete();
        } else {
          subscriber.error(outcome.error);
        }
        // At once, not when the served subscriber's teardown runs: subscribed from a synchronous
        // source, its teardown only runs once the whole source has been read.
        disconnectIfIdle();
      },
      error: (error: unknown) => {
        for (const [, queue] of takeAll()) {
          for (const subscriber of queue) subscriber.error(error);
        }
      },
      complete: () => {
        for (const [call, queue] of takeAll()) {
          const error = new XmlRpcError(
            `${call.methodName}: the outcome stream completed before this call got its outcome`,
          );
          for (const subscriber of queue) subscriber.error(error);
        }
      },
    });
  };

  /** Stops `subscriber` waiting (if it still is), and disconnects when nobody waits. */
  const release = (call: C, subscriber: Subscriber<XmlRpcValue>) => {
    const queue = waiting.get(call);
    const index = queue?.indexOf(subscriber) ?? -1;
    if (queue && index >= 0) {
      queue.splice(index, 1);
      waitingCount--;
      if (queue.length === 0) waiting.delete(call);
    }
    disconnectIfIdle();
  };

  /** Closes the connection when nobody waits any more, which aborts what is in flight. */
  const disconnectIfIdle = () => {
    if (waitingCount === 0 && connection !== undefined) {
      const ended = connection;
      connection = undefined;
      ended.unsubscribe();
    }
  };

  return {
    outcomeFor: (call) =>
      new Observable<XmlRpcValue>((subscriber) => {
        const queue = waiting.get(call);
        if (queue) queue.push(subscriber);
        else waiting.set(call, [subscriber]);
        waitingCount++;
        if (connection === undefined) connect();
        return () => release(call, subscriber);
      }),
    get waiting() {
      return waitingCount;
    },
  };
}
