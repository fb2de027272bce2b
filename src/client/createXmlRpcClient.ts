import {
  asapScheduler,
  defer,
  EMPTY,
  endWith,
  ignoreElements,
  Observable,
  of,
  type SchedulerLike,
  type Subscriber,
  Subscription,
  tap,
} from 'rxjs';
import type { DecodeOptions, EncodeOptions } from '../codec/codecOptions.js';
import { utf8ByteLength } from '../codec/utf8ByteLength.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcSendableParams } from '../codec/XmlRpcSendable.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import { callSucceeded } from '../multicall/callSucceeded.js';
import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import type {
  XmlRpcApi,
  XmlRpcApiOf,
  XmlRpcMethodName,
  XmlRpcMethodWithoutParams,
  XmlRpcOtherName,
  XmlRpcParamsOf,
  XmlRpcResultOf,
} from '../multicall/XmlRpcApi.js';
import type { CallOutcome, CallOutcomes, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { type BatchCallsConfig, batchCalls } from '../operators/batchCalls.js';
import {
  booleanOption,
  callsOption,
  countOption,
  functionOption,
  objectOption,
  schedulerOption,
  shownValue,
  transportOption,
} from '../operators/internal/optionChecks.js';
import { type ExchangeObserver, sendBatch, sendSettings } from '../operators/internal/sendBatch.js';
import type { Transport } from '../transport/Transport.js';
import type { ClientEvent } from './ClientEvent.js';
import { CallObservable, type CallStarter } from './internal/CallObservable.js';
import { DeliveryPolicy, type Exchange } from './internal/DeliveryPolicy.js';
import { type CallCanceller, type InFlight, PendingCall } from './internal/PendingCall.js';
import { RequestLimiter } from './internal/RequestLimiter.js';
import { reportUnhandled } from './internal/reportUnhandled.js';
import { withMethods } from './methodsProxy.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/** Options of {@link createXmlRpcClient}. */
export interface XmlRpcClientOptions {
  /** The HTTP observable requests go through (`fetchTransport(url)`, `httpClientTransport(http, url)`…). */
  readonly transport: Transport;
  /** How calls are grouped into `system.multicall` requests (default: the calls of one tick, 100 at most). */
  readonly batch?: Omit<BatchCallsConfig, 'scheduler' | 'encodeOptions'>;
  /**
   * Most requests in flight at once, whatever they carry: batches, explicit `multicall()` requests
   * (and so polling rounds), `{ batch: false }` calls, and the single calls and halves of a fallback,
   * split or retry. Later requests wait, in order. Default 4.
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
  /**
   * Whether the calls of a multicall the server faulted as a whole are re-sent one by one (default
   * `true`), so that a call never fails for a neighbour's sake. It concerns a fault answered to
   * `system.multicall` itself, other than "no such method" (see `fallback`) and "too large" (the batch
   * is split): Python, for one, faults the whole multicall when one result cannot be marshalled
   * (an int past 32 bits). The server may have run every call before failing, so a retried call may
   * run twice: turn this off for calls that must not. Transport, parse and protocol errors are never
   * retried, since the calls may have run and nothing singles one out.
   */
  readonly retrySingly?: boolean;
  /** Receives a typed event for every request sent and settled, call not sent or cancelled, fallback, split and retry. */
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
  /**
   * `false` sends this call alone, without waiting for the batch window, as a plain `<methodCall>`
   * (it still takes one of the `concurrency` slots). Default `true`.
   */
  readonly batch?: boolean;
}

/**
 * A client for one XML-RPC endpoint; see {@link createXmlRpcClient}. `Api` is its method map (see
 * {@link XmlRpcApi}): with one, `call()` checks names and params and types results; untyped, any name is
 * called and results are `XmlRpcValue`s unless claimed otherwise with `call<T>()`.
 */
export interface XmlRpcClient<Api extends object = XmlRpcApi> {
  /**
   * Calls `methodName`: a cold Observable that, when subscribed, queues the call, emits its result once
   * and completes, or errors with its own `XmlRpcFault` or transport, parse or protocol error. Each
   * subscription is a call of its own; unsubscribing cancels it (unsent calls are never sent).
   *
   * This form calls a method of `Api`: the params must fit its signature (params typed by an
   * interface included), and the result has its type.
   */
  call<M extends XmlRpcMethodName<XmlRpcApiOf<Api>>, const P extends XmlRpcParamsOf<XmlRpcApiOf<Api>, M>>(
    methodName: M,
    params: P & XmlRpcSendableParams<P>,
    options?: CallOptions,
  ): Observable<XmlRpcResultOf<XmlRpcApiOf<Api>, M, P>>;
  /** Calls `methodName`, a method of `Api` that takes no params. */
  call<M extends XmlRpcMethodWithoutParams<XmlRpcApiOf<Api>>>(
    methodName: M,
    params?: readonly [],
    options?: CallOptions,
  ): Observable<XmlRpcResultOf<XmlRpcApiOf<Api>, M, readonly []>>;
  /**
   * Calls `methodName`, on a client whose `Api` allows any name (the untyped client's does): `T` is
   * the caller's claim about the result, not checked.
   */
  call<T = XmlRpcValue, M extends string = string>(
    methodName: XmlRpcOtherName<XmlRpcApiOf<Api>, M>,
    params?: readonly XmlRpcParam[],
    options?: CallOptions,
  ): Observable<T>;
  /** Calls `methodName`, on a client whose `Api` allows any name, with params typed by an interface. */
  call<M extends string, const P extends readonly unknown[]>(
    methodName: XmlRpcOtherName<XmlRpcApiOf<Api>, M>,
    params: P & XmlRpcSendableParams<P>,
    options?: CallOptions,
  ): Observable<XmlRpcValue>;
  /**
   * Sends `calls` as one explicit `system.multicall` request (with the same fallback, splitting, retry
   * and `concurrency` bound as batched calls) and emits every call's outcome, in order, as one array; `outcome.call` is the very
   * descriptor given, and `outcome.value` has its result type (see {@link callOf}): a tuple of calls
   * gives a tuple of outcomes. Throws a `TypeError` at once when `calls` is not an array.
   */
  multicall<const Cs extends readonly XmlRpcCall[]>(calls: Cs): Observable<CallOutcomes<Cs>>;
  /** Sends `calls`, all of type `C`, as one explicit `system.multicall` request. */
  multicall<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]>;
  /**
   * The methods of `Api`, nested by the dots of their names: `client.methods.supervisor.getProcessInfo('web')`
   * is `client.call('supervisor.getProcessInfo', ['web'])`, so the calls of one tick still share one
   * multicall. See {@link XmlRpcMethods}.
   */
  readonly methods: XmlRpcMethods<XmlRpcApiOf<Api>>;
}

/**
 * Creates a client whose calls made in the same window silently share one `system.multicall`
 * request.
 *
 * Calls are queued when subscribed, grouped by {@link batchCalls} (by default, every call made in the
 * same tick, at most 100) and sent at most `concurrency` requests at a time (every request counts,
 * whatever it carries). Each answer goes back to the subscription that asked for it, by the position of
 * its entry in the response. A batch of one call goes out as a plain `<methodCall>`. When the server
 * has no `system.multicall`, the batch is re-sent as single calls (and so is every later one; the first
 * multicall is a probe that later ones wait for, so this is learnt from one refusal); when it refuses a
 * request for its size (HTTP 413 or a "too large" fault), the batch is split in half and re-sent, down
 * to single calls; when it faults a multicall as a whole for another reason, its calls are re-sent one
 * by one (`retrySingly`). One exchange serves every request, whether or not `onEvent` listens.
 *
 * `Api`, a method map (see {@link XmlRpcApi}), types the client: `call()` then checks names and params
 * and types results, and `client.methods` calls the methods by their dotted names.
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
export function createXmlRpcClient<Api extends object = XmlRpcApi>(
  options: XmlRpcClientOptions,
): XmlRpcClient<Api> {
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
  const retrySingly = booleanOption('retrySingly', options.retrySingly, true);
  const batching = batchCalls<PendingCall>({ ...batch, encodeOptions, scheduler });

  const emit = (event: ClientEvent): void => {
    if (onEvent === undefined) return;
    try {
      onEvent(event);
    } catch (error) {
      // A throwing listener must not break delivery to callers.
      reportUnhandled(error);
    }
  };

  /** Bounds every request the client sends, whatever path it takes. */
  const limiter = new RequestLimiter(concurrency, scheduler);

  /**
   * One request, through the limiter: the same exchange whether or not anyone listens, reported by
   * its observer (see `reporting`) without any change to what is delivered or when.
   */
  const exchange: Exchange = (calls, sending) =>
    limiter.run(() => {
      // Calls cancelled while the request waited for a slot are left out (reported when cancelled),
      // copying the array only then (see startBatch).
      const live = calls.every(isWanted) ? calls : calls.filter(isWanted);
      if (live.length === 0) return EMPTY;
      return sendBatch(transport, live, settings, reporting(sending));
    });

  /** What one exchange reports: to the policy, how many calls left; to `onEvent`, its events. */
  const reporting = <C extends XmlRpcCall>(sending: (count: number) => void): ExchangeObserver<C> => {
    let sentAt = 0;
    return {
      unsent(outcomes) {
        for (const outcome of outcomes) {
          if (outcome.ok) continue;
          const { methodName } = outcome.call;
          emit({ type: 'callNotSent', at: scheduler.now(), methodName, error: outcome.error });
        }
      },
      sent(request, calls) {
        sentAt = scheduler.now();
        const first = calls[0];
        // The calls of one request belong to one delivered batch, which has now gone out.
        if (first instanceof PendingCall && first.request !== null) first.request.sent = true;
        sending(calls.length);
        if (onEvent === undefined) return;
        const methodName = calls.length === 1 ? calls[0]!.methodName : 'system.multicall';
        const bytes = utf8ByteLength(request.body);
        emit({ type: 'batchSent', at: sentAt, size: calls.length, bytes, methodName });
      },
      settled(outcomes) {
        if (onEvent === undefined) return;
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
          durationMs: at - sentAt,
          ok,
          faults,
          errors,
        });
      },
    };
  };

  const policy = new DeliveryPolicy(exchange, { fallback, retrySingly, emit, scheduler });

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

  /** Delivers one batch (or one `{ batch: false }` call); aborted when all its calls are cancelled. */
  const startBatch = (batch: readonly PendingCall[]): void => {
    // Calls cancelled while they waited in the batch window are left out (reported when cancelled).
    // The batch itself when none was: batchCalls keeps the encodings it made for it under that array.
    const live = batch.every(isWanted) ? batch : batch.filter(isWanted);
    if (live.length === 0) return;
    // Made first, so that a cancellation while the delivery is being subscribed (from an `onEvent`
    // listener, as the request leaves) also aborts it.
    const sending = new Subscription();
    const request: InFlight = { waiting: live.length, size: live.length, sending, sent: false };
    for (const pending of live) pending.request = request;
    // The policy turns every failure into outcomes: an error here would be a bug, reported as one.
    sending.add(policy.deliver(live).subscribe(settleAll));
  };

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
        .pipe(batching)
        .subscribe(startBatch);
    }
    queue!.next(pending);
  };

  const cancel = (pending: PendingCall): void => {
    if (pending.sink === null) return; // already answered
    pending.sink = null;
    const request = pending.request;
    pending.request = null;
    const sent = request?.sent === true;
    emit({ type: 'callCancelled', at: scheduler.now(), methodName: pending.methodName, sent });
    if (request !== null && --request.waiting === 0) {
      // Nothing left to wait for: abort the request in flight, or drop the batch still waiting.
      if (sent) emit({ type: 'batchAborted', at: scheduler.now(), size: request.size });
      request.sending.unsubscribe();
    }
  };

  const canceller: CallCanceller = { cancel };
  const starter: CallStarter = {
    start(call, subscriber) {
      const pending = PendingCall.forSubscriber(call.methodName, call.params, canceller, subscriber);
      if (call.batched) enqueue(pending);
      else startBatch([pending]);
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

  return withMethods<Api>({
    call<T = XmlRpcValue>(
      methodName: string,
      params: readonly XmlRpcParam[] = [],
      callOptions?: CallOptions,
    ): Observable<T> {
      return new CallObservable<T>(starter, methodName, params, callOptions?.batch !== false);
    },

    multicall<C extends XmlRpcCall>(calls: readonly C[]) {
      callsOption(calls);
      return defer(() => {
        if (calls.length === 0) return of([]);
        // Outcomes of split or single re-sends arrive out of order: put each back at its call's index.
        const indexed = calls.map((call, index) => ({
          methodName: call.methodName,
          params: call.params,
          index,
        }));
        const ordered = new Array<CallOutcome<C>>(calls.length);
        return policy.deliver(indexed).pipe(
          tap((outcomes) => {
            for (const outcome of outcomes) {
              const call = calls[outcome.call.index]!;
              ordered[outcome.call.index] = outcome.ok
                ? callSucceeded(call, outcome.value)
                : { call, ok: false, error: outcome.error };
            }
          }),
          ignoreElements(),
          endWith<CallOutcome<C>[]>(ordered),
        );
      });
    },
  });
}

/** Whether a call still wants its answer: a queued call is dropped once its caller has gone. */
function isWanted(call: XmlRpcCall): boolean {
  return !(call instanceof PendingCall) || call.sink !== null;
}
