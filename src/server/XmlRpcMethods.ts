import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { DescribedMethod } from './describeMethod.js';

/**
 * Declared with method syntax so that its parameters are compared bivariantly: a method typed
 * `(a: number, b?: string) => number` is accepted, while untyped parameters are inferred as what
 * may actually arrive: an {@link XmlRpcValue}, or `undefined` when the client sent fewer params.
 */
interface MethodShape {
  method(...params: (XmlRpcValue | undefined)[]): unknown;
}

/**
 * A server method: it receives the call's params as arguments and returns the result, a Promise of
 * it, or an Observable whose **last** value is the result. `undefined` is answered as `<nil/>`.
 * Throw `new XmlRpcFault(code, message)` to answer a chosen fault; any other error is answered as
 * fault -32500 with the error's message. Params are not checked unless the method is wrapped in
 * {@link describeMethod} with `signatures`.
 */
export type XmlRpcMethod = MethodShape['method'];

/**
 * The methods a server answers: a plain object whose keys are method names (dots allowed, as in
 * `'supervisor.getState'`) and whose values are methods, {@link describeMethod} wrappers, or nested
 * plain objects that add a dotted prefix (`{ supervisor: { getState } }` is `supervisor.getState`).
 */
export interface XmlRpcMethods {
  readonly [name: string]: XmlRpcMethod | DescribedMethod | XmlRpcMethods;
}
