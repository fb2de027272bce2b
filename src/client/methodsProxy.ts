import type { Observable } from 'rxjs';
import type { XmlRpcParam, XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import type { CallOptions, XmlRpcClient } from './createXmlRpcClient.js';
import type { XmlRpcUntypedMethods } from './XmlRpcMethods.js';

/** What the proxy needs of a client: one call. */
export type MethodCaller = (methodName: string, params: readonly XmlRpcParam[]) => Observable<XmlRpcValue>;

/**
 * `client.methods`: a proxy whose every property is a method of the name read so far, joined by dots,
 * so `methods.supervisor.getProcessInfo('web')` calls `supervisor.getProcessInfo` with `['web']`. The
 * root is no method. Symbol properties and `then` read as `undefined`, so the proxy is not mistaken for
 * a promise by `await` (a method named `then` is called with `client.call`). Each name gives the same
 * proxy every time it is read, so methods can be compared and passed around.
 */
export function methodsProxy(call: MethodCaller): XmlRpcUntypedMethods {
  const namespace = (prefix: string, handler: ProxyHandler<object>, target: object): object => {
    const children = new Map<string, object>();
    handler.get = (_target, key) => {
      if (typeof key === 'symbol' || key === 'then') return undefined;
      let child = children.get(key);
      if (child === undefined) {
        const methodName = prefix === '' ? key : `${prefix}.${key}`;
        const apply = (_target: object, _this: unknown, params: XmlRpcParam[]) => call(methodName, params);
        // A function target, so that the proxy can be called.
        child = namespace(methodName, { apply }, () => {});
        children.set(key, child);
      }
      return child;
    };
    return new Proxy(target, handler);
  };
  return namespace('', {}, {}) as XmlRpcUntypedMethods;
}

/** A client as `createXmlRpcClient` builds it, before it is given its method map. */
export interface UntypedClient {
  call(methodName: string, params?: readonly XmlRpcParam[], options?: CallOptions): Observable<XmlRpcValue>;
  multicall<C extends XmlRpcCall>(calls: readonly C[]): Observable<CallOutcome<C>[]>;
}

/**
 * `client` with its `methods`, typed by `Api`. The typed signatures narrow what the untyped ones accept
 * and claim result types, which are the caller's claims about the server, as with `call<T>()`.
 */
export function withMethods<Api extends object>(client: UntypedClient): XmlRpcClient<Api> {
  const methods = methodsProxy((methodName, params) => client.call(methodName, params));
  return Object.assign(client, { methods }) as XmlRpcClient<Api>;
}
