import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';

/** One call to make: a method and its params; `id` is the caller's own key, carried and never read. */
export interface XmlRpcCall {
  readonly methodName: string;
  readonly params: readonly XmlRpcParam[];
  readonly id?: unknown;
}

/**
 * What became of one call: its result, or its own error. `call` is the very descriptor object that
 * was passed in, so callers can key on identity or on `call.id`.
 */
export type CallOutcome<C extends XmlRpcCall = XmlRpcCall> =
  | { readonly call: C; readonly ok: true; readonly value: XmlRpcValue }
  | { readonly call: C; readonly ok: false; readonly error: Error };
