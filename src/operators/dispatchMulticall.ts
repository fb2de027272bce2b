import { mergeMap, type OperatorFunction } from 'rxjs';
import type { DecodeOptions, EncodeOptions } from '../codec/codecOptions.js';
import { integerOption, objectOption } from '../codec/optionChecks.js';
import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import { sendBatch, sendSettings } from '../multicall/sendBatch.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import type { Transport } from '../transport/Transport.js';
import { transportOption } from './internal/optionChecks.js';

/** Options of {@link dispatchMulticall}. */
export interface DispatchMulticallConfig {
  /** Most requests in flight at once; later batches wait, in arrival order. Default 4. */
  readonly concurrency?: number;
  /**
   * How the server returns multicall successes: `'auto'` (default: each response read as `[result]`
   * entries unless one success entry is not a one-element array, then read bare as a whole),
   * `'wrapped'` (`[result]` only) or `'bare'` (supervisord). See {@link MulticallResults}.
   */
  readonly multicallResults?: MulticallResults;
  /**
   * Largest call accepted, in UTF-8 bytes of its encoded `{methodName, params}` struct (the measure
   * of `batchCalls`' `maxBatchBytes`); a larger call fails without being sent. No limit by default.
   */
  readonly maxBatchBytes?: number;
  /** Limits applied to each response. */
  readonly decodeOptions?: DecodeOptions;
  /** Encoding choices; give `batchCalls` the same object so each call is encoded only once. */
  readonly encodeOptions?: EncodeOptions;
}

/**
 * Sends each batch of calls through `transport` and emits one outcome per call: its value, or its
 * own error. A batch goes out as one `system.multicall` request, or as a plain `<methodCall>` when
 * it holds a single call. At most `concurrency` requests are in flight; later batches wait in order,
 * and a slow request does not hold back a faster one started after it.
 *
 * Failures stay with the calls they concern, and the stream goes on: a call that cannot be encoded
 * (a `NaN` param, a nested `system.multicall`) or is larger than `maxBatchBytes` fails alone and is
 * not sent; a transport failure or a malformed response fails every call of its request. Errors
 * carry the `index` and `batchSize` of the request the call went out in (a call refused before
 * sending: its place in the batch it came in). Unsubscribing aborts the requests in flight.
 *
 * ```text
 * batches:  (xyz)|              x := [a]  y := [b]  z := [c]
 * dispatchMulticall(transport, { concurrency: 2 })   (each answer takes 5 frames)
 * outcomes: -----(AB)-(C|)      A, B, C := the outcomes of a, b, c; z waits for a free slot
 * ```
 *
 * @example Batch the calls of one tick into multicall requests, two requests at a time
 * ```ts
 * import type { Observable } from 'rxjs';
 * import { batchCalls, dispatchMulticall, fetchTransport, type XmlRpcCall } from 'rxjs-xmlrpc';
 *
 * declare const calls$: Observable<XmlRpcCall>;
 * calls$
 *   .pipe(batchCalls(), dispatchMulticall(fetchTransport('http://localhost:9001/RPC2'), { concurrency: 2 }))
 *   .subscribe((outcome) => console.log(outcome.ok ? outcome.value : outcome.error.message));
 * ```
 * @see {@link batchCalls}
 * @see {@link splitOutcomes}
 * @param transport Sends one request and emits the response body; unsubscribing aborts it.
 * @param config Concurrency, response shape, size limit and codec options.
 * @returns An operator from batches of calls to one outcome per call, in the order answers arrive.
 * @throws TypeError At creation, when `transport` is not a function or an option is of the wrong kind.
 * @throws RangeError At creation, for an invalid option.
 */
export function dispatchMulticall<C extends XmlRpcCall = XmlRpcCall>(
  transport: Transport,
  config: DispatchMulticallConfig = {},
): OperatorFunction<readonly C[], CallOutcome<C>> {
  transportOption(transport);
  objectOption('config', config);
  const concurrency = integerOption('concurrency', config.concurrency, 4);
  const settings = sendSettings(config);
  return (source) =>
    source.pipe(
      mergeMap((batch) => sendBatch(transport, batch, settings), concurrency),
      mergeMap((outcomes) => outcomes),
    );
}
