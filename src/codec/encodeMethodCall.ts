import type { EncodeOptions } from './codecOptions.js';
import { encodeText, writeValue, XmlWriter } from './encodeValue.js';
import { shownValue } from './messageParts.js';
import { XmlRpcEncodeError } from './XmlRpcEncodeError.js';
import type { XmlRpcParam } from './XmlRpcValue.js';
import { trimXmlWhitespace } from './xmlText.js';

/** The XML declaration every document starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Encodes a `<methodCall>` document. Throws `XmlRpcEncodeError` (naming the value's path, such as
 * `params[1].servers[0]`) for a value XML-RPC cannot carry or an empty method name.
 *
 * @example
 * ```ts
 * import { asDouble, encodeMethodCall } from 'rxjs-xmlrpc';
 * encodeMethodCall('thermostat.set', ['kitchen', asDouble(21)]);
 * // <?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>thermostat.set</methodName><params>…
 * ```
 */
export function encodeMethodCall(
  methodName: string,
  params: readonly XmlRpcParam[],
  options?: EncodeOptions,
): string {
  checkMethodName(methodName, 'methodName');
  const out = new XmlWriter();
  out.write(
    `${XML_DECLARATION}<methodCall><methodName>${encodeText(methodName, 'methodName')}</methodName><params>`,
  );
  for (let i = 0; i < params.length; i++) {
    out.write('<param>');
    writeValue(out, params[i]!, options, `params[${i}]`);
    out.write('</param>');
  }
  out.write('</params></methodCall>');
  return out.toString();
}

/**
 * Throws `XmlRpcEncodeError` at `path` unless `methodName` is a string with more than XML whitespace:
 * the same refusal for a plain call and for a call of a multicall.
 */
export function checkMethodName(methodName: unknown, path: string): asserts methodName is string {
  if (typeof methodName !== 'string' || trimXmlWhitespace(methodName) === '') {
    throw new XmlRpcEncodeError(
      `the method name must be a non-empty string, but got ${shownValue(methodName)}`,
      path,
    );
  }
}
