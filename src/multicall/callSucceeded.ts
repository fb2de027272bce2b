import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { CallOutcome, CallResult, XmlRpcCall } from './XmlRpcCall.js';

/**
 * Call `call` answered with `value`. The one place a decoded value takes the result type the call
 * declares: that type is the caller's claim about the server's answer (as with `call<T>()`), which
 * the decoder cannot check.
 */
export function callSucceeded<C extends XmlRpcCall>(call: C, value: XmlRpcValue): CallOutcome<C> {
  return { call, ok: true, value: value as CallResult<C> };
}
