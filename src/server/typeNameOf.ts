import { isStruct, type XmlRpcValue } from '../codec/XmlRpcValue.js';

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
