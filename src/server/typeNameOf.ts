import type { XmlRpcStruct, XmlRpcValue } from '../codec/XmlRpcValue.js';

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

/** The XML-RPC type name of a decoded value (`int` for an integral number), for messages. */
export function typeNameOf(value: XmlRpcValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'bigint') return 'i8';
  if (value === null) return 'nil';
  if (value instanceof Date) return 'dateTime.iso8601';
  if (value instanceof Uint8Array) return 'base64';
  if (Array.isArray(value)) return 'array';
  return isStruct(value) ? 'struct' : typeof value;
}
