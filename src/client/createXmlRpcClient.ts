import {
  asapScheduler,
  concat,
  defer,
  endWith,
  ignoreElements,
  mergeMap,
  Observable,
  of,
  reduce,
  type SchedulerLike,
  type Subscriber,
  Subscription,
  tap,
} from 'rxjs';
import type { DecodeOptions, EncodeOptions } from '../codec/codecOptions.js';
import { utf8ByteLength } from '../codec/utf8ByteLength.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { type BatchCallsConfig, batchCalls } from '../operators/batchCalls.js';
import {
  countOption,
  functionOption,
  objectOption,
  schedulerOption,
  shownValue,
  transportOption,
} from '../operators/internal/optionChecks.js';
import { sendBatch, sendSettings } from '../operators/internal/sendBatch.js';
import type { Transport, TransportRequest } from '../transport/Transport.js';
import { isMulticallUnsupported, isTooLarge } from './batchFailures.js';
import type { ClientEvent } from './ClientEvent.js';
import { CallObservable, type CallStarter } from './internal/CallObservable.js';
import { type CallCanceller, type InFlight, PendingCall } from './internal/PendingCall.js';
import { reportUnhandled } from './internal/reportUnhandled.js';

/** Options of {@link createXmlRpcClient}. */
export interface XmlRpcClientOptions {
  /** The HTTP observable requests go through (`fetchTransport(url)`, `httpClientTransport(http, url)`…). */
  readonly transport: Transport;
  /** How calls are grouped into `system.multicall` requests (default: the calls of one tick, 100 at most). */
  readonly batch?: Omit<BatchCallsConfig, 'scheduler' | 'encodeOptions'>;
  /**
   * Most batched requests in flight at once; later batches wait, in order. Explicit `multicall()`
   * requests and `{ batch: false }` calls do not wait for a slot. Default 4.
   */
  readonly concurrency?: number;
  /**
   * How the server returns multicall successes. Default `'auto'`: each response is read as `[result]`
   * entries, or, when one success entry is not a one-element array, as bare results as a whole. Say
   * `'bare'` for supervisord (which returns each success unwrapped), as `'auto'` misreads a bare response
   * whose every result is a one-element array; `'wrapped'` refuses any entry but `[result]`. See
   * {@link MulticallResults}.
   */
  readonly multicallResults?: MulticallResults;
  /**
   * What to do when the server has no `system.multicall`: `'auto'` (default) re-sends the batch as
   * single calls and remembers it for the endpoint; `'never'` gives every call the fault.
   */
  readonly fallback?: 'auto' | 'never';
  /** Receives a typed event for every batch sent and settled, cancellation, fallback and split. */
  readonly onEvent?: (event: ClientEvent) => void;
  /** Decoding limits and the timezone of responses. */
  readonly decodeOptions?: DecodeOptions;
  /** Encoding choices for params. */
  readonly encodeOptions?: EncodeOptions;
  /** Drives the batch window and event timestamps. Default `asapScheduler`; pass a `TestScheduler` in tests. */
  readonly scheduler?: SchedulerLike;
}

/** Per-call options of {@link XmlRpcClient.call}. */
export interface CallOptions {
  /** `false` sends this call alone, at once, as a plain `<methodCall>`. Default `true`. */
  readonly batch?: boolean;
}

/** A client for one XML-RPC endpoint; see {@link createXmlRpcClient}. */
export interface XmlRpcClient {
  /**
   * Calls `methodName`: a cold Observable that, when subscribed, queues the call, emits its result once
   * and completes, or errors with its own `XmlRpcFault` or transport, parse or protocol error. Each
   * subscription is a call of its own; unsubscribing cancels it (unsent calls are never sent).
   */
  call<T = XmlRpcValue>(
    methodName: string,
    params?: readonly XmlRpcParam[],
    options?: CallOptions,
  ): Observable<T>;
  /**
   * Sends `calls` as one explicit `system.multicall` request (with the same fallback and splitting as
   * batched calls) and emits every call's outcome, in order, as one array; `outcome.call` is the very
   * descriptor given.
   */
  multicall<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]>;
}

/**
 * Creates a client whose calls made in the same window silently share one `system.multicall`
 * request.
 *
 * Calls are queued when subscribed, grouped by {@link batchCalls} (by default, every call made in the
 * same tick, at most 100) and sent at most `concurrency` requests at a time. Each answer goes back to
 * the subscription that asked for it, by the position of its entry in the response. A batch of one call
 * goes out as a plain `<methodCall>`. When the server has no `system.multicall`, the batch is re-sent as
 * single calls (and so is every later one); when it refuses a request for its size (HTTP 413 or a
 * "too large" fault), the batch is split in half and re-sent, down to single calls.
 *
 * @example
 * ```ts
 * import { createXmlRpcClient, fetchTransport } from 'rxjs-xmlrpc';
 * import { forkJoin } from 'rxjs';
 *
 * const supervisor = createXmlRpcClient({ transport: fetchTransport('http://127.0.0.1:9001/RPC2') });
 * // One HTTP request for both calls:
 * forkJoin([supervisor.call('supervisor.getState'), supervisor.call('supervisor.getAllProcessInfo')])
 *   .subscribe(([state, processes]) => console.log(state, processes));
 * ```
 * @throws TypeError At creation, for a missing `transport` or an option of the wrong kind (named in the message).
 * @throws RangeError At creation, for an option out of range (`concurrency: 0`, an unknown `fallback`…).
 */
export function createXmlRpcClient(options: XmlRpcClientOptions): XmlRpcClient {
  // Every option is checked now, so a bad one fails here rather than at the first call.
  objectOption('options', options, false);
  const transport = transportOption(options.transport);
  const onEvent = functionOption('onEvent', options.onEvent);
  const scheduler = schedulerOption(options.scheduler, asapScheduler);
  const batch = objectOption('batch', options.batch);
  const concurrency = countOption('concurrency', options.concurrency, 4);
  const fallback = options.fallback ?? 'auto';
  if (fallback !== 'auto' && fallback !== 'never') {
    throw new RangeError(`\`fallback\` must be 'auto' or 'never', but got ${shownValue(fallback)}`);
  }
  const { decodeOptions, encodeOptions } = options;
  const settings = sendSettings({
    multicallResults: options.multicallResults,
    maxBatchBytes: batch.maxBatchBytes,
    decodeOptions,
    encodeOptions,
  });
  const batching = batchCalls<PendingCall>({ ...batch, encodeOptions, scheduler });
  /** Set once the endpoint answered `system.multicall` with "no such method". */
  let multicallUnsupported = false;

  const emit = (event: ClientEvent): void => {
    if (onEvent === undefined) return;
    try {
      onEvent(event);
    } catch (error) {
      // A throwing listener must not break delivery to callers.
      reportUnhandled(error);
    }
  };

  /**
   * One request: emits the outcomes of its calls, in one or two arrays (see `sendBatch`). With an
   * `onEvent` listener, it is reported, and its outcomes come as one array for `batchSettled`.
   */
  const exchange = <C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> => {
    if (onEvent === undefined) return sendBatch(transport, calls, settings);
    return defer(() => {
      const start = scheduler.now();
      const onSend = (request: TransportRequest, sent: readonly C[]) => {
        const methodName = sent.length === 1 ? sent[0]!.methodName : 'system.multicall';
        const bytes = utf8ByteLength(request.body);
        emit({ type: 'batchSent', at: scheduler.now(), size: sent.length, bytes, methodName });
      };
      return sendBatch(transport, calls, settings, onSend).pipe(
        reduce((all, outcomes) => all.concat(outcomes)),
        tap((outcomes) => {
          let ok = 0;
          let faults = 0;
          for (const outcome of outcomes) {
            if (outcome.ok) ok++;
            else if (outcome.error instanceof XmlRpcFault) faults++;
          }
          const at = scheduler.now();
          const errors = outcomes.length - ok - faults;
          emit({
            type: 'batchSettled',
            at,
            size: outcomes.length,
            durationMs: at - start,
            ok,
            faults,
            errors,
          });
        }),
      );
    });
  };

  /**
   * Sends `calls` and recovers from the two refusals of a whole request a server can give: no
   * `system.multicall` (re-send as single calls) and "too large" (re-send as halves). Emits the
   * outcomes of each request as one array, as they settle; together they cover every call once.
   */
  const deliver = <C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> => {
    if (calls.length > 1 && multicallUnsupported) return singly(calls);
    return exchange(calls).pipe(
      mergeMap((outcomes) => {
        // Calls refused with their whole request can be tried again; the others are settled.
        const refused = outcomes.filter((o) => !o.ok && o.error.batchLevel);
        const failure = refused[0]?.ok === false ? refused[0].error : undefined;
        if (failure === undefined) return of(outcomes);
        const settled = outcomes.filter((o) => !refused.includes(o));
        const retry = refused.map((o) => o.call);
        if (fallback === 'auto' && isMulticallUnsupported(failure)) {
          multicallUnsupported = true;
          const { faultCode, faultString } = failure;
          emit({ type: 'fallback', at: scheduler.now(), size: retry.length, faultCode, faultString });
          return concat(of(settled), singly(retry));
        }
        if (retry.length > 1 && isTooLarge(failure)) {
          const half = Math.ceil(retry.length / 2);
          const into = [half, retry.length - half] as const;
          emit({ type: 'batchSplit', at: scheduler.now(), size: retry.length, into });
          return concat(of(settled), deliver(retry.slice(0, half)), deliver(retry.slice(half)));
        }
        return of(outcomes);
      }),
    );
  };

  /** Each call as its own plain request, `concurrency` at a time. */
  const singly = <C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]> =>
    of(...calls).pipe(mergeMap((call) => exchange([call]), concurrency));

  /** Hands each outcome to the subscriber that asked; a loop, not an operator hop per call. */
  const settleAll = (outcomes: readonly CallOutcome<PendingCall>[]): void => {
    for (const outcome of outcomes) settle(outcome);
  };

  const settle = (outcome: CallOutcome<PendingCall>): void => {
    const pending = outcome.call;
    const sink = pending.sink;
    if (sink === null) return; // cancelled meanwhile: its late result is dropped quietly
    pending.sink = null;
    if (pending.request !== null) pending.request.waiting--;
    pending.request = null;
    if (outcome.ok) {
      sink.next(outcome.value);
      sink.complete();
    } else {
      sink.error(outcome.error);
    }
  };

  /** Sends one batch unless every call in it was cancelled while it waited; aborts it if they all go later. */
  const sendQueued = (batch: PendingCall[]): Observable<never> =>
    new Observable<never>((subscriber) => {
      // Calls cancelled while they waited are left out (and were reported when cancelled).
      const live = batch.filter((pending) => pending.sink !== null);
      if (live.length === 0) {
        subscriber.complete();
        return undefined;
      }
      // Aborting unsubscribes the request and frees its concurrency slot; made first, so that a
      // cancellation while the request is being subscribed (from an `onEvent` listener) also aborts it.
      const sending = new Subscription(() => {
        if (!subscriber.closed) subscriber.complete();
      });
      const request: InFlight = { waiting: live.length, size: live.length, sending };
      for (const pending of live) {
        pending.request = request;
      }
      sending.add(
        deliver(live).subscribe({
          next: settleAll,
          // deliver() turns every failure into outcomes; a throw here is a bug, not a call's answer.
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
      return sending;
    });

  /**
   * The entrance of the queue every batched call goes through, started with the first call (idle,
   * it holds no timer). A plain subscriber rather than a Subject: one call is one `next`, nothing more.
   */
  let queue: Subscriber<PendingCall> | undefined;
  const enqueue = (pending: PendingCall): void => {
    if (queue === undefined) {
      new Observable<PendingCall>((subscriber) => {
        queue = subscriber;
      })
        .pipe(batching, mergeMap(sendQueued, concurrency))
        .subscribe();
    }
    queue!.next(pending);
  };

  const cancel = (pending: PendingCall): void => {
    if (pending.sink === null) return; // already answered
    pending.sink = null;
    const request = pending.request;
    pending.request = null;
    emit({
      type: 'callCancelled',
      at: scheduler.now(),
      methodName: pending.methodName,
      sent: request !== null,
    });
    if (request !== null && --request.waiting === 0) {
      emit({ type: 'batchAborted', at: scheduler.now(), size: request.size });
      request.sending.unsubscribe();
    }
  };

  const canceller: CallCanceller = { cancel };
  const starter: CallStarter = {
    start(call, subscriber) {
      const pending = PendingCall.forSubscriber(call.methodName, call.params, canceller, subscriber);
      if (call.batched) {
        enqueue(pending);
      } else {
        const sending = new Subscription();
        pending.request = { waiting: 1, size: 1, sending };
        pending.add(sending);
        sending.add(exchange([pending]).subscribe(settleAll));
      }
      // Registered as the teardown now, not when the batch leaves. Registered then, a batch's finalizer
      // lists were born together and lived exactly as long as its request, and about one process in
      // four fell into a state where V8 pretenures short-lived objects and the client runs at half
      // speed for the process's life (measured in bench/client).
      return pending;
    },
    startWithCallbacks(call, observer) {
      const pending = PendingCall.forCallbacks(call.methodName, call.params, canceller, observer);
      enqueue(pending);
      return pending;
    },
  };

  return {
    call<T = XmlRpcValue>(
      methodName: string,
      params: readonly XmlRpcParam[] = [],
      callOptions?: CallOptions,
    ): Observable<T> {
      return new CallObservable<T>(starter, methodName, params, callOptions?.batch !== false);
    },

    multicall<C extends XmlRpcCall>(calls: readonly C[]) {
      return defer(() => {
        if (calls.length === 0) return of([]);
        // Outcomes of split or single re-sends arrive out of order: put each back at its call's index.
        const indexed = calls.map((call, index) => ({
          methodName: call.methodName,
          params: call.params,
          index,
        }));
        const ordered = new Array<CallOutcome<C>>(calls.length);
        return deliver(indexed).pipe(
          tap((outcomes) => {
            for (const outcome of outcomes) {
              const call = calls[outcome.call.index]!;
              ordered[outcome.call.index] = outcome.ok
                ? { call, ok: true, value: outcome.value }
                : { call, ok: false, error: outcome.error };
            }
          }),
          ignoreElements(),
          endWith<CallOutcome<C>[]>(ordered),
        );
      });
    },
  };
}
