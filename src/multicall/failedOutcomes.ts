import type { XmlRpcError } from '../codec/XmlRpcError.js';
import type { CallOutcome, XmlRpcCall } from './XmlRpcCall.js';

/**
 * Call `index` of a batch of `batchSize` failing with its own copy of `error`, carrying that context;
 * `batchLevel` marks a failure of the whole batch.
 */
export function callFailed<C extends XmlRpcCall>(
  call: C,
  index: number,
  batchSize: number,
  error: XmlRpcError,
  batchLevel = false,
): CallOutcome<C> {
  const context = { index, methodName: call.methodName, batchSize };
  return { call, ok: false, error: error.forCall(batchLevel ? { ...context, batchLevel } : context) };
}

/**
 * Every call of a batch failing with the same error (transport failure, malformed body, count
 * mismatch, a fault to `system.multicall` itself), each with its own copy marked `batchLevel`.
 */
export function batchFailed<C extends XmlRpcCall>(calls: readonly C[], error: XmlRpcError): CallOutcome<C>[] {
  return calls.map((call, index) => callFailed(call, index, calls.length, error, true));
}
