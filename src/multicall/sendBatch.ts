import { defer, Observable } from 'rxjs';
import { type DecodeOptions, type EncodeOptions, normalizeDecodeOptions } from '../codec/codecOptions.js';
import { decodeMethodResponse } from '../codec/decodeMethodResponse.js';
import { messageOf } from '../codec/messageParts.js';
import { encodeOptionsOption, integerOption, objectOption } from '../codec/optionChecks.js';
import { XmlRpcError } from '../codec/XmlRpcError.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { Transport, TransportRequest } from '../transport/Transport.js';
import { XmlRpcTransportError } from '../transport/XmlRpcTransportError.js';
import { callSucceeded } from './callSucceeded.js';
import {
  decodeMulticallResponse,
  type MulticallDecodeOptions,
  type MulticallResults,
  multicallResultsOption,
} from './decodeMulticallResponse.js';
import { type EncodedCall, encodeCall, takeEncodedBatch } from './encodedCalls.js';
import {
  type EncodedCallParts,
  methodCallDocument,
  multicallDocument,
  multicallEntry,
} from './encodeMulticall.js';
import { batchFailed, callFailed } from './failedOutcomes.js';
import type { CallOutcome, XmlRpcCall } from './XmlRpcCall.js';

/** How each request is encoded, sent and read; made once, at creation, by {@link sendSettings}. */
export interface SendSettings {
  readonly maxBatchBytes: number;
  readonly decodeOptions: DecodeOptions | undefined;
  readonly encodeOptions: EncodeOptions | undefined;
  readonly multicallOptions: MulticallDecodeOptions;
}

/** Checks the options of the exchange once, so a bad one throws at creation rather than on a response. */
export function sendSettings(config: {
  readonly multicallResults?: MulticallResults | undefined;
  readonly maxBatchBytes?: number | undefined;
  readonly decodeOptions?: DecodeOptions | undefined;
  readonly encodeOptions?: EncodeOptions | undefined;
}): SendSettings {
  const { decodeOptions } = config;
  if (decodeOptions !== undefined) normalizeDecodeOptions(objectOption('decodeOptions', decodeOptions));
  const encodeOptions = encodeOptionsOption(config.encodeOptions);
  return {
    maxBatchBytes: integerOption('maxBatchBytes', config.maxBatchBytes, Number.POSITIVE_INFINITY),
    decodeOptions,
    encodeOptions,
    multicallOptions: { ...decodeOptions, multicallResults: multicallResultsOption(config.multicallResults) },
  };
}

/**
 * Watches one exchange without changing it: each hook is called just before what it describes is
 * emitted or sent, so a listener sees the same moments whoever else is listening (the client reports
 * its events from these).
 */
export interface ExchangeObserver<C extends XmlRpcCall> {
  /** The calls that will not be sent (they cannot be encoded, or are over `maxBatchBytes`), failed. */
  unsent(outcomes: readonly CallOutcome<C>[]): void;
  /** The request as it leaves, and the calls it carries. */
  sent(request: TransportRequest, calls: readonly C[]): void;
  /** The outcomes of the calls sent, once the answer (or the failure) came. */
  settled(outcomes: readonly CallOutcome<C>[]): void;
}

/** Headers sent with every request. */
const REQUEST_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'text/xml' };

/**
 * One request's exchange: encodes `batch`, sends it through `transport` (as `system.multicall`, or as
 * a plain `<methodCall>` for a single call) and emits one outcome per call, then completes: the calls
 * that could not be sent as one array at once, the answered ones as one array when the answer came. It never
 * errors: a call that cannot be encoded or is over `maxBatchBytes` fails alone and is not sent; a
 * transport failure or a malformed response fails every sent call. `observer` watches the exchange.
 * Unsubscribing aborts the request.
 */
export function sendBatch<C extends XmlRpcCall>(
  transport: Transport,
  batch: readonly C[],
  settings: SendSettings,
  observer?: ExchangeObserver<C>,
): Observable<CallOutcome<C>[]> {
  const { maxBatchBytes, decodeOptions, encodeOptions, multicallOptions } = settings;
  /**
   * Reads what the transport emitted into one outcome per sent call. Never throws: the options were
   * checked up front, and the codec reports every problem of a response as an `XmlRpcError`.
   */
  const read = (body: unknown, sent: readonly C[]): CallOutcome<C>[] => {
    if (typeof body !== 'string') {
      const problem = `the transport must emit the response body as a string, but emitted ${typeof body}`;
      return batchFailed(sent, new XmlRpcTransportError(problem));
    }
    if (sent.length > 1) return decodeMulticallResponse(body, sent, multicallOptions);
    const call = sent[0] as C;
    try {
      return [callSucceeded(call, decodeMethodResponse(body, decodeOptions))];
    } catch (error) {
      if (!(error instanceof XmlRpcError)) throw error;
      // A fault answers this call; a malformed body is a failure of the request as a whole.
      return [callFailed(call, 0, 1, error, !(error instanceof XmlRpcFault))];
    }
  };

  return new Observable<CallOutcome<C>[]>((subscriber) => {
    const { sent, unsent, body } = prepareRequest(batch, encodeOptions, maxBatchBytes);
    if (unsent.length > 0) {
      observer?.unsent(unsent);
      subscriber.next(unsent);
    }
    // Nothing to send, or the subscriber wanted no more than the unsent calls' outcomes (a `take`).
    if (sent.length === 0 || subscriber.closed) {
      subscriber.complete();
      return undefined;
    }
    const request: TransportRequest = { body, headers: REQUEST_HEADERS };
    observer?.sent(request, sent);
    // The first answer, failure or completion settles the request; a misbehaving transport's
    // later notifications are ignored.
    let settled = false;
    const settle = (read: () => CallOutcome<C>[]) => {
      if (settled) return;
      settled = true;
      const outcomes = read();
      observer?.settled(outcomes);
      subscriber.next(outcomes);
      subscriber.complete();
    };
    // Returned as the teardown: unsubscribing the outcomes aborts the request.
    return defer(() => transport(request)).subscribe({
      next: (body: unknown) => settle(() => read(body, sent)),
      error: (error: unknown) => settle(() => batchFailed(sent, transportError(error))),
      complete: () =>
        settle(() =>
          batchFailed(sent, new XmlRpcTransportError('the transport completed without a response')),
        ),
    });
  });
}

/**
 * Encodes `batch` into the body of one request, setting aside the calls that cannot be sent. A function
 * of its own so that nothing the request's callbacks keep holds the per-call encodings once the body
 * is made (why: bench/NOTES.md, "The client's allocation shape").
 */
function prepareRequest<C extends XmlRpcCall>(
  batch: readonly C[],
  encodeOptions: EncodeOptions | undefined,
  maxBatchBytes: number,
): { sent: C[]; unsent: CallOutcome<C>[]; body: string } {
  const measuring = maxBatchBytes !== Number.POSITIVE_INFINITY;
  const encoded =
    takeEncodedBatch(batch, encodeOptions) ?? batch.map((call) => encodeCall(call, encodeOptions, measuring));
  const sent: C[] = [];
  const parts: EncodedCallParts[] = [];
  const unsent: CallOutcome<C>[] = [];
  batch.forEach((call, index) => {
    const entry = encoded[index] as EncodedCall;
    if (!entry.ok) {
      unsent.push(callFailed(call, index, batch.length, entry.error));
    } else if (entry.bytes > maxBatchBytes) {
      unsent.push(callFailed(call, index, batch.length, tooLarge(entry.bytes, maxBatchBytes)));
    } else {
      sent.push(call);
      parts.push(entry.parts);
    }
  });
  const body =
    sent.length === 0
      ? ''
      : sent.length === 1
        ? methodCallDocument(parts[0]!)
        : multicallDocument(parts.map(multicallEntry));
  return { sent, unsent, body };
}

/** The error of a call too large to send. */
function tooLarge(bytes: number, maxBatchBytes: number): XmlRpcError {
  return new XmlRpcError(
    `the call encodes to ${bytes} bytes, more than \`maxBatchBytes\` (${maxBatchBytes}), so it was not sent`,
  );
}

/** A transport failure as an `XmlRpcError`, so each call can get its own copy. */
function transportError(error: unknown): XmlRpcError {
  if (error instanceof XmlRpcError) return error;
  return new XmlRpcTransportError(`the transport failed: ${messageOf(error)}`, { cause: error });
}
