import { FaultCode } from '../codec/faultCodes.js';
import { INT64_MAX, INT64_MIN, isInt32 } from '../codec/integerBounds.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import { isStruct } from '../codec/XmlRpcValue.js';
import type { XmlRpcSignature, XmlRpcTypeName } from './describeMethod.js';
import { typeNameOf } from './typeNameOf.js';

/** The decoder gives a `number` up to 2^53 and a `bigint` past it. */
function isInt64(value: XmlRpcValue): boolean {
  return typeof value === 'bigint' ? value >= INT64_MIN && value <= INT64_MAX : Number.isSafeInteger(value);
}

/** Whether a decoded value passes as each signature type; numbers widen (an integer is a `double`). */
const ACCEPTS: Readonly<Record<XmlRpcTypeName, (value: XmlRpcValue) => boolean>> = {
  int: isInt32,
  i4: isInt32,
  i8: isInt64,
  double: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  string: (value) => typeof value === 'string',
  'dateTime.iso8601': (value) => value instanceof Date,
  base64: (value) => value instanceof Uint8Array,
  struct: isStruct,
  array: (value) => Array.isArray(value),
  nil: (value) => value === null,
};

function matches(signature: XmlRpcSignature, params: readonly XmlRpcValue[]): boolean {
  return (
    signature.length - 1 === params.length &&
    params.every((param, i) => ACCEPTS[signature[i + 1] as XmlRpcTypeName](param))
  );
}

/**
 * Checks a call's params against a method's declared signatures (`[returnType, ...paramTypes]`);
 * throws fault -32602 naming what was expected and what came when none matches. Without
 * signatures, any params pass: the handler never guesses arity from `Function.length`.
 */
export function checkParams(
  methodName: string,
  signatures: readonly XmlRpcSignature[] | undefined,
  params: readonly XmlRpcValue[],
): void {
  if (signatures === undefined || signatures.some((signature) => matches(signature, params))) return;
  const expected = signatures.map((signature) => `(${signature.slice(1).join(', ')})`).join(' or ');
  throw new XmlRpcFault(
    FaultCode.InvalidParams,
    `invalid params for ${methodName}: expected ${expected}, but got (${params.map(typeNameOf).join(', ')})`,
  );
}
