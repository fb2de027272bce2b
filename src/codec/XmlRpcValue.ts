/**
 * What the decoder produces: the JavaScript form of every XML-RPC value.
 *
 * | XML-RPC                                   | JavaScript                                   |
 * | ----------------------------------------- | -------------------------------------------- |
 * | `int`, `i4`, `i1`, `i2`                   | `number` (`bigint` past 2^53 - 1)            |
 * | `i8`, `ex:i8`                             | `number` when safe, else `bigint`            |
 * | `ex:biginteger`                           | `bigint`                                     |
 * | `double`, `ex:float`                      | `number`                                     |
 * | `boolean`                                 | `boolean`                                    |
 * | `string`, untyped `value`, `ex:bigdecimal`| `string`                                     |
 * | `dateTime.iso8601`                        | `Date`                                       |
 * | `base64`                                  | `Uint8Array`                                 |
 * | `nil`, `ex:nil`                           | `null`                                       |
 * | `array`                                   | `XmlRpcValue[]`                              |
 * | `struct`                                  | {@link XmlRpcStruct} (plain object)          |
 */
export type XmlRpcValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | Uint8Array
  | XmlRpcValue[]
  | XmlRpcStruct;

/** A decoded `<struct>`: a plain object whose own properties are the members. */
export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}

/** Whether a decoded value is a `<struct>` (the decoder makes plain objects of nothing else). */
export function isStruct(value: XmlRpcValue): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * What the encoder accepts: every {@link XmlRpcValue}, plus `ArrayBuffer` and any typed-array or
 * `DataView` (sent as base64), explicit
 * type wrappers from {@link asDouble} and friends, read-only arrays, and `undefined` struct members
 * (omitted, like `JSON.stringify`).
 */
export type XmlRpcParam =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | XmlRpcTyped
  | readonly XmlRpcParam[]
  | XmlRpcParamStruct;

/** A struct to encode; `undefined` members are left out. */
export interface XmlRpcParamStruct {
  readonly [member: string]: XmlRpcParam | undefined;
}

/** The XML-RPC types a caller can force with a wrapper. */
export type XmlRpcForcedType = 'int' | 'i8' | 'double' | 'base64';

/**
 * A value with an explicit XML-RPC type, for when the JavaScript value alone cannot say it
 * (an integral `<double>`, a small `<i8>`, text sent as `<base64>`). Create it with
 * {@link asInt}, {@link asI8}, {@link asDouble} or {@link asBase64}.
 */
export class XmlRpcTyped {
  /** @internal Use the `as*` functions. */
  constructor(
    /** The XML-RPC element to send the value as. */
    readonly type: XmlRpcForcedType,
    /** The value itself. */
    readonly value: number | bigint | Uint8Array,
  ) {}
}

/** Sends `value` as `<double>`, even when it is integral (`asDouble(1)` is `<double>1.0</double>`). */
export function asDouble(value: number): XmlRpcTyped {
  return new XmlRpcTyped('double', value);
}

/** Sends `value` as `<int>`; encoding fails unless it is an integer in the signed 32-bit range. */
export function asInt(value: number | bigint): XmlRpcTyped {
  return new XmlRpcTyped('int', value);
}

/** Sends `value` as `<i8>`, even when it would fit `<int>`; encoding fails outside the signed 64-bit range. */
export function asI8(value: number | bigint): XmlRpcTyped {
  return new XmlRpcTyped('i8', value);
}

/** Sends bytes as `<base64>`; a string is sent as its UTF-8 bytes. */
export function asBase64(value: Uint8Array | ArrayBuffer | string): XmlRpcTyped {
  const bytes =
    typeof value === 'string'
      ? new TextEncoder().encode(value)
      : value instanceof Uint8Array
        ? value
        : new Uint8Array(value);
  return new XmlRpcTyped('base64', bytes);
}
