import type { Observable } from 'rxjs';
import type { XmlRpcSendableParams } from '../codec/XmlRpcSendable.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { XmlRpcMethodName, XmlRpcOverloads } from '../multicall/XmlRpcApi.js';

/**
 * `client.methods` of a client on method map `Api`: its methods nested by the dots of their names, each
 * a function of the method's params returning the cold `Observable` of its result, like `call()`.
 * `client.methods.supervisor.getProcessInfo('web')` is `client.call('supervisor.getProcessInfo', ['web'])`.
 * A map with an index signature (the untyped client's) adds {@link XmlRpcUntypedMethods}: any name.
 */
export type XmlRpcMethods<Api> = string extends keyof Api
  ? [XmlRpcMethodName<Api>] extends [never]
    ? XmlRpcUntypedMethods
    : XmlRpcUntypedMethods & MethodTree<Api, XmlRpcMethodName<Api>, ''>
  : MethodTree<Api, XmlRpcMethodName<Api>, ''>;

/**
 * Any method, under any name: `client.methods.system.listMethods()` on an untyped client. An index
 * signature, so with `noUncheckedIndexedAccess` each name read may be `undefined` to the compiler
 * (never at run time): a typed map avoids it.
 */
export interface XmlRpcUntypedMethods {
  readonly [name: string]: XmlRpcUntypedMethod;
}

/** A method of an untyped client, and the namespace of the names under it. */
export interface XmlRpcUntypedMethod extends XmlRpcUntypedMethods {
  /** Calls the method: `client.call(name, params)`. */
  <const P extends readonly unknown[]>(...params: P & XmlRpcSendableParams<P>): Observable<XmlRpcValue>;
}

/** The first part of a dotted name. */
type Head<Name extends string> = Name extends `${infer First}.${string}` ? First : Name;

/** What follows `First.` in a dotted name. */
type Rest<Name extends string, First extends string> = Name extends `${First}.${infer Tail}` ? Tail : never;

/** The namespace of the names `Names` (relative to `Prefix`): methods, and namespaces beneath. */
type MethodTree<Api, Names extends string, Prefix extends string> = {
  readonly [First in Head<Names>]: (First extends Names ? RemoteMethod<Api, `${Prefix}${First}`> : unknown) &
    MethodTree<Api, Rest<Names, First>, `${Prefix}${First}.`>;
};

/** Method `M` of `Api` as a function: one overload for each of its signatures. */
type RemoteMethod<Api, M> = M extends keyof Api ? Overloaded<XmlRpcOverloads<Api[M]>> : never;

/** The intersection of a function type per `[params, result]` pair: an overloaded function. */
type Overloaded<Pair> = (
  Pair extends [infer P extends readonly unknown[], infer R]
    ? (arg: (...params: XmlRpcSendableParams<P>) => Observable<R>) => void
    : never
) extends (arg: infer Intersection) => void
  ? Intersection
  : never;
