import type { XmlRpcValue } from '../codec/XmlRpcValue.js';

/*
 * Typed method maps. An Api is an interface or type alias whose keys are method names and whose values
 * are their signatures, possibly overloaded (up to four signatures a method):
 *
 *   interface SupervisorApi {
 *     'supervisor.getState'(): { statecode: number; statename: string };
 *     'supervisor.getProcessInfo'(name: string): ProcessInfo;
 *   }
 *
 * The signatures are claims about the server, as `call<T>()` is: nothing is checked at run time.
 */

/**
 * The method map of an untyped client: any name, params checked by `XmlRpcSendable`, results
 * `XmlRpcValue`. A typed map may extend it to allow other names beside its own.
 */
export interface XmlRpcApi {
  [methodName: string]: (...params: readonly unknown[]) => XmlRpcValue;
}

/**
 * `Api` as a client reads it: a map that declares no method and has no index signature (`object`,
 * `{}`, what `ReturnType<typeof createXmlRpcClient>` instantiates) is the untyped map.
 */
export type XmlRpcApiOf<Api> = [XmlRpcMethodName<Api>] extends [never]
  ? string extends keyof Api
    ? Api
    : XmlRpcApi
  : Api;

/**
 * The method names `Api` declares one by one: its string keys whose values are signatures, not its
 * index signature (so the untyped map has none).
 */
export type XmlRpcMethodName<Api> = keyof {
  [M in keyof Api as string extends M
    ? never
    : Api[M] extends (...params: never[]) => unknown
      ? M
      : never]: unknown;
} &
  string;

/**
 * `Name`, when `Api` allows names beside the ones it declares (an index signature, as the untyped map
 * has) and `Name` is none of them; `never` otherwise, so a declared method is always called with its
 * own signature.
 */
export type XmlRpcOtherName<Api, Name extends string> = string extends keyof Api
  ? Name extends XmlRpcMethodName<Api>
    ? never
    : Name
  : never;

/**
 * The overloads of signature `F`, as a union of `[params, result]` pairs. TypeScript matches a type of
 * fewer signatures against this pattern by repeating them, so one signature gives one pair.
 */
export type XmlRpcOverloads<F> = F extends {
  (...params: infer P1): infer R1;
  (...params: infer P2): infer R2;
  (...params: infer P3): infer R3;
  (...params: infer P4): infer R4;
}
  ? [P1, R1] | [P2, R2] | [P3, R3] | [P4, R4]
  : never;

/** The params method `M` of `Api` takes, as a union of read-only tuples, one per overload. */
export type XmlRpcParamsOf<Api, M extends keyof Api> =
  XmlRpcOverloads<Api[M]> extends infer Pair
    ? Pair extends [infer P extends readonly unknown[], unknown]
      ? Readonly<P>
      : never
    : never;

/**
 * The result of method `M` of `Api` called with params `P`: the result of each overload `P` fits
 * (so one overload, for literal params).
 */
export type XmlRpcResultOf<Api, M extends keyof Api, P extends readonly unknown[] = XmlRpcParamsOf<Api, M>> =
  XmlRpcOverloads<Api[M]> extends infer Pair
    ? Pair extends [infer A extends readonly unknown[], infer R]
      ? P extends Readonly<A>
        ? R
        : never
      : never
    : never;

/** The names of the methods of `Api` that may be called without params. */
export type XmlRpcMethodWithoutParams<Api> = {
  [M in XmlRpcMethodName<Api>]: readonly [] extends XmlRpcParamsOf<Api, M> ? M : never;
}[XmlRpcMethodName<Api>];
