import type { EncodeOptions } from './codecOptions.js';
import { XML_DECLARATION } from './encodeMethodCall.js';
import { encodeValue, writeValue, XmlWriter } from './encodeValue.js';
import { isInt32 } from './integerBounds.js';
import { shownValue } from './messageParts.js';
import type { XmlRpcParam } from './XmlRpcValue.js';

/**
 * Encodes a `<methodResponse>` with one param (the server side of the codec). Throws
 * `XmlRpcEncodeError` for a value XML-RPC cannot carry.
 *
 * @example
 * ```ts
 * import { encodeMethodResponse } from 'rxjs-xmlrpc';
 * encodeMethodResponse({ statename: 'RUNNING', statecode: 1 });
 * ```
 */
export function encodeMethodResponse(value: XmlRpcParam, options?: EncodeOptions): string {
  const out = new XmlWriter();
  out.write(`${XML_DECLARATION}<methodResponse><params><param>`);
  writeValue(out, value, options, 'result');
  out.write('</param></params></methodResponse>');
  return out.toString();
}

/**
 * Encodes a `<methodResponse>` holding a `<fault>`. `faultCode` must be a 32-bit integer (the spec's
 * `<int>`); a message with characters XML cannot carry throws `XmlRpcEncodeError`.
 *
 * @example
 * ```ts
 * import { encodeFault, FaultCode } from 'rxjs-xmlrpc';
 * encodeFault(FaultCode.MethodNotFound, 'no such method: foo');
 * ```
 */
export function encodeFault(faultCode: number, faultString: string): string {
  if (!isInt32(faultCode)) {
    throw new RangeError(`\`faultCode\` must be a 32-bit integer, but got ${shownValue(faultCode)}`);
  }
  const fault = encodeValue({ faultCode, faultString }, undefined, 'fault');
  return `${XML_DECLARATION}<methodResponse><fault>${fault}</fault></methodResponse>`;
}
