import type { EncodeOptions } from '../codec/codecOptions.js';
import { messageOf } from '../codec/messageParts.js';
import { utf8ByteLength } from '../codec/utf8ByteLength.js';
import { XmlRpcEncodeError } from '../codec/XmlRpcEncodeError.js';
import { XmlRpcError } from '../codec/XmlRpcError.js';
import { type EncodedCallParts, encodeCallParts, multicallEntry } from './encodeMulticall.js';
import type { XmlRpcCall } from './XmlRpcCall.js';

/**
 * One call encoded for sending, with the UTF-8 size of its multicall entry (what `maxBatchBytes`
 * limits), or the error that keeps it from being sent.
 */
export type EncodedCall =
  | { readonly ok: true; readonly parts: EncodedCallParts; readonly bytes: number }
  | { readonly ok: false; readonly error: XmlRpcError };

/** Bytes an entry adds around its method name and params. */
const ENTRY_OVERHEAD = utf8ByteLength(multicallEntry({ methodName: '', params: [] }));

/**
 * Encodes one call; never throws, so one bad call cannot break a stream. Its size is measured only
 * when `measure` says a byte limit needs it (`bytes` is 0 otherwise): measuring is a pass over the text.
 */
export function encodeCall(
  call: XmlRpcCall,
  options: EncodeOptions | undefined,
  measure: boolean,
): EncodedCall {
  try {
    const parts = encodeCallParts(call, options);
    let bytes = 0;
    if (measure) {
      bytes = ENTRY_OVERHEAD + utf8ByteLength(parts.methodName);
      for (const param of parts.params) bytes += utf8ByteLength(param);
    }
    return { ok: true, parts, bytes };
  } catch (error) {
    return {
      ok: false,
      error:
        error instanceof XmlRpcError
          ? error
          : new XmlRpcEncodeError(messageOf(error), 'params', { cause: error }),
    };
  }
}

interface EncodedBatch {
  readonly options: EncodeOptions | undefined;
  readonly calls: readonly EncodedCall[];
}

/**
 * Calls that batchCalls encoded to measure `maxBatchBytes`, keyed by the batch array it emitted, so
 * dispatchMulticall sends them instead of encoding every call a second time. A cache, not stream
 * state: weak keys mean a batch nobody dispatches costs nothing, and each is handed out once.
 */
const encodedBatches = new WeakMap<readonly XmlRpcCall[], EncodedBatch>();

/** Keeps the encodings batchCalls made for `batch`. */
export function rememberEncodedBatch(
  batch: readonly XmlRpcCall[],
  options: EncodeOptions | undefined,
  calls: readonly EncodedCall[],
): void {
  encodedBatches.set(batch, { options, calls });
}

/**
 * The encodings made for `batch` with these very options (the same object, or both left out), or
 * `undefined`. Removes them: a batch dispatched again is encoded afresh, in case its params changed.
 */
export function takeEncodedBatch(
  batch: readonly XmlRpcCall[],
  options: EncodeOptions | undefined,
): readonly EncodedCall[] | undefined {
  const encoded = encodedBatches.get(batch);
  encodedBatches.delete(batch);
  if (encoded === undefined || encoded.options !== options || encoded.calls.length !== batch.length)
    return undefined;
  return encoded.calls;
}
