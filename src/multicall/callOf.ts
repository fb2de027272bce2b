import type { XmlRpcSendableParams } from '../codec/XmlRpcSendable.js';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import type {
  XmlRpcMethodName,
  XmlRpcMethodWithoutParams,
  XmlRpcParamsOf,
  XmlRpcResultOf,
} from './XmlRpcApi.js';
import type { XmlRpcCall } from './XmlRpcCall.js';

/**
 * Builds the descriptor of a call to `methodName`, declared to return an `R`: a claim about the
 * server's answer, not a check, that `multicall()`, `poll()` and `pollOn()` carry to the outcome's
 * `value`. With `R` left out, params typed by an interface are accepted too (see `XmlRpcSendable`).
 * For the methods of a method map, see {@link callsOf}.
 *
 * @example
 * ```ts
 * import { callOf, createXmlRpcClient, fetchTransport } from 'rxjs-xmlrpc';
 *
 * interface State {
 *   statecode: number;
 *   statename: string;
 * }
 * const client = createXmlRpcClient({ transport: fetchTransport('http://127.0.0.1:9001/RPC2') });
 * client
 *   .multicall([callOf<State>('supervisor.getState'), callOf<string>('supervisor.getPID')])
 *   .subscribe(([state, pid]) => {
 *     if (state.ok) console.log(state.value.statename); // state.value is a State
 *     if (pid.ok) console.log(pid.value.length); // pid.value is a string
 *   });
 * ```
 * @param methodName The remote method.
 * @param params Its params, in order.
 * @param id The caller's own key, carried to the outcome and never sent.
 * @returns `{ methodName, params, id }` (`id` only when given).
 * @throws TypeError When `methodName` is not a string or `params` not an array.
 */
export function callOf<R = XmlRpcValue>(
  methodName: string,
  params?: readonly XmlRpcParam[],
  id?: unknown,
): XmlRpcCall<R>;
export function callOf<const P extends readonly unknown[]>(
  methodName: string,
  params: P & XmlRpcSendableParams<P>,
  id?: unknown,
): XmlRpcCall<XmlRpcValue>;
export function callOf(methodName: string, params: readonly unknown[] = [], id?: unknown): XmlRpcCall {
  if (typeof methodName !== 'string') {
    throw new TypeError(`\`methodName\` must be a string, but got ${typeof methodName}`);
  }
  if (!Array.isArray(params)) {
    throw new TypeError(`\`params\` of ${methodName} must be an array, but got ${typeof params}`);
  }
  // The signatures checked the params as far as types can; the encoder checks the values when sent.
  const call = { methodName, params: params as readonly XmlRpcParam[] };
  return id === undefined ? call : { ...call, id };
}

/**
 * Builds the descriptors of calls to the methods of method map `Api`: the name must be one of `Api`,
 * the params fit its signature, and the descriptor carries its result type. Made by {@link callsOf}.
 */
export interface XmlRpcCallBuilder<Api extends object> {
  /** A call to method `methodName` of `Api` with `params`; `id` is carried to the outcome, never sent. */
  <M extends XmlRpcMethodName<Api>, const P extends XmlRpcParamsOf<Api, M>>(
    methodName: M,
    params: P & XmlRpcSendableParams<P>,
    id?: unknown,
  ): XmlRpcCall<XmlRpcResultOf<Api, M, P>>;
  /** A call to `methodName`, a method of `Api` that takes no params. */
  <M extends XmlRpcMethodWithoutParams<Api>>(
    methodName: M,
    params?: readonly [],
    id?: unknown,
  ): XmlRpcCall<XmlRpcResultOf<Api, M, readonly []>>;
}

/**
 * {@link callOf} typed by method map `Api` (a type only, so it is given as a type argument): the
 * returned function checks each call's name and params and types its result.
 *
 * @example
 * ```ts
 * import { callsOf, createXmlRpcClient, fetchTransport, poll } from 'rxjs-xmlrpc';
 *
 * interface SupervisorApi {
 *   'supervisor.getState'(): { statecode: number; statename: string };
 *   'supervisor.getProcessInfo'(name: string): { name: string; pid: number };
 * }
 * const supervisor = callsOf<SupervisorApi>();
 * const client = createXmlRpcClient<SupervisorApi>({ transport: fetchTransport('/RPC2') });
 * poll(client, [supervisor('supervisor.getState'), supervisor('supervisor.getProcessInfo', ['web'])], {
 *   everyMs: 1000,
 * }).subscribe(([state, web]) => {
 *   console.log(state.ok ? state.value.statename : state.error.message);
 *   console.log(web.ok ? web.value.pid : web.error.message);
 * });
 * ```
 * @returns The builder; it throws a `TypeError` for a name that is not a string or params that are not an array.
 */
export function callsOf<Api extends object>(): XmlRpcCallBuilder<Api> {
  return callOf as XmlRpcCallBuilder<Api>;
}
