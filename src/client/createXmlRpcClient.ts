import { defer, endWith, ignoreElements, type Observable, of, type SchedulerLike, tap } from 'rxjs';
import type { DecodeOptions, EncodeOptions } from '../codec/codecOptions.js';
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
import type { BatchCallsConfig } from '../operators/batchCalls.js';
import { callsOption } from '../operators/internal/optionChecks.js';
import type { Transport } from '../transport/Transport.js';
import type { ClientEvent } from './ClientEvent.js';
import { CallObservable } from './internal/CallObservable.js';
import { CallQueue } from './internal/CallQueue.js';
import { clientExchange } from './internal/clientExchange.js';
import { DeliveryPolicy } from './internal/DeliveryPolicy.js';
import { normalizeClientOptions } from './internal/normalizeClientOptions.js';
import { RequestLimiter } from './internal/RequestLimiter.js';
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
  const normalized = normalizeClientOptions(options);
  const { transport, settings, listening, emit, scheduler } = normalized;
  const limiter = new RequestLimiter(normalized.concurrency, scheduler);
  const exchange = clientExchange({ transport, settings, limiter, listening, emit, scheduler });
  const { fallback, retrySingly } = normalized;
  const policy = new DeliveryPolicy(exchange, { fallback, retrySingly, emit, scheduler });
  const queue = new CallQueue(policy, normalized);

  return withMethods<Api>({
    call<T = XmlRpcValue>(
      methodName: string,
      params: readonly XmlRpcParam[] = [],
      callOptions?: CallOptions,
    ): Observable<T> {
      return new CallObservable<T>(queue, methodName, params, callOptions?.batch !== false);
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
