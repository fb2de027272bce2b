import type { XmlRpcError } from '../codec/XmlRpcError.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';

/** One call to make: a method and its params; `id` is the caller's own key, carried and never read. */
export interface XmlRpcCall {
  /** The remote method, e.g. `supervisor.getProcessInfo`. */
  readonly methodName: string;
  /** Its params, in order. */
  readonly params: readonly XmlRpcParam[];
  /** Anything the caller wants to recognise the call by; never sent. */
  readonly id?: unknown;
}

/**
 * What became of one call: its result, or its own error. `call` is the very descriptor object that
 * was passed in, so callers can key on identity or on `call.id`.
 */
export type CallOutcome<C extends XmlRpcCall = XmlRpcCall> =
  | {
      /** The descriptor as given. */
      readonly call: C;
      /** The call succeeded. */
      readonly ok: true;
      /** Its decoded result. */
      readonly value: XmlRpcValue;
    }
  | {
      /** The descriptor as given. */
      readonly call: C;
      /** The call failed. */
      readonly ok: false;
      /** Its own error: an `XmlRpcFault`, or a transport, parse, protocol or encode error. */
      readonly error: XmlRpcError;
    };
