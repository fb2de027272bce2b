import type { XmlRpcParam } from './XmlRpcValue.js';

/**
 * `T` itself when a value of type `T` can be sent as a param, `never` (so a compile error where it is
 * passed) when it cannot be told apart from what the encoder refuses.
 *
 * Wider than {@link XmlRpcParam}, whose structs need an index signature: an `interface` has none, so a
 * param typed by one is refused there although the same shape as a `type` alias is accepted. Here any
 * object type is checked member by member instead: accepted when every member is sendable (or
 * `undefined`, left out like `JSON.stringify` does), refused when one is a function. So functions,
 * `Map`s, `Set`s, `Promise`s and class instances with methods are refused, as their methods are
 * function members; an instance of a class without methods has the shape of a struct and is accepted
 * (the encoder, which sends only plain objects, then refuses it at run time).
 *
 * @example
 * ```ts
 * import type { XmlRpcSendable } from 'rxjs-xmlrpc';
 *
 * interface Config {
 *   name: string;
 *   retries?: number;
 * }
 * const config: XmlRpcSendable<Config> = { name: 'web' }; // an interface: accepted
 * // @ts-expect-error a Map is refused: its methods are function members
 * const map: XmlRpcSendable<Map<string, number>> = new Map<string, number>();
 * ```
 */
export type XmlRpcSendable<T> = T extends XmlRpcParam
  ? T
  : T extends (...args: never[]) => unknown
    ? never
    : T extends readonly unknown[]
      ? { readonly [I in keyof T]: XmlRpcSendable<T[I]> }
      : T extends object
        ? { readonly [K in keyof T]: SendableMember<T[K]> }
        : never;

/** A struct member: sendable, or `undefined` (left out). */
type SendableMember<T> = T extends undefined ? T : XmlRpcSendable<T>;

/**
 * A params tuple checked param by param with {@link XmlRpcSendable}: signatures take `P &
 * XmlRpcSendableParams<P>` for params `P` they infer, which passes `P` unchanged when every param is
 * sendable and fails on the first that is not.
 */
export type XmlRpcSendableParams<P extends readonly unknown[]> = {
  readonly [I in keyof P]: XmlRpcSendable<P[I]>;
};
