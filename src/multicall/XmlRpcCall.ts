import type { XmlRpcError } from '../codec/XmlRpcError.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';

/** The key of the result type a call carries; it exists in types only, never on an object. */
declare const resultType: unique symbol;

/**
 * One call to make: a method and its params; `id` is the caller's own key, carried and never read.
 * `R` is the type its result is declared to have (see {@link callOf}): a claim about the server's
 * answer, not a check, carried through `multicall()`, `poll()` and `pollOn()` to the outcome's
 * `value`. Left out, the result is an `XmlRpcValue`.
 */
export interface XmlRpcCall<R = unknown> {
  /** The remote method, e.g. `supervisor.getProcessInfo`. */
  readonly methodName: string;
  /** Its params, in order. */
  readonly params: readonly XmlRpcParam[];
  /** Anything the caller wants to recognise the call by; never sent. */
  readonly id?: unknown;
  /** The declared result type, for the compiler only. */
  readonly [resultType]?: R;
}

/** The type of the result of call `C`: its declared `R`, or `XmlRpcValue` when it declares none. */
export type CallResult<C> =
  C extends XmlRpcCall<infer R> ? (unknown extends R ? XmlRpcValue : R) : XmlRpcValue;

/**
 * What became of one call: its result, or its own error. `call` is the very descriptor object that
 * was passed in, so callers can key on identity or on `call.id`; `value` has the call's declared
 * result type ({@link CallResult}).
 */
export type CallOutcome<C extends XmlRpcCall = XmlRpcCall> =
  | {
      /** The descriptor as given. */
      readonly call: C;
      /** The call succeeded. */
      readonly ok: true;
      /** Its decoded result. */
      readonly value: CallResult<C>;
    }
  | {
      /** The descriptor as given. */
      readonly call: C;
      /** The call failed. */
      readonly ok: false;
      /** Its own error: an `XmlRpcFault`, or a transport, parse, protocol or encode error. */
      readonly error: XmlRpcError;
    };

/**
 * The outcomes of the calls `Cs`, position by position: a tuple of calls gives a tuple of outcomes,
 * each with its own call's result type; an array gives an array.
 */
export type CallOutcomes<Cs extends readonly XmlRpcCall[]> = {
  -readonly [I in keyof Cs]: CallOutcome<Cs[I]>;
};
