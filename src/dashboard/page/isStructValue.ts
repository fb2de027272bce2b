import type { XmlRpcStruct, XmlRpcValue } from '../../index.js';

/** Whether a decoded value is a struct (a plain object, not an array, a date or bytes). */
export function isStructValue(value: XmlRpcValue): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}
