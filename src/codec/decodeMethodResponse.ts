import type { DecodeOptions } from './codecOptions.js';
import type { XmlRpcValue } from './XmlRpcValue.js';

/**
 * Decodes a `<methodResponse>`: returns its single param, throws `XmlRpcFault` for a fault response
 * and `XmlRpcParseError` for anything malformed.
 */
export function decodeMethodResponse(xml: string, options?: DecodeOptions): XmlRpcValue {
  throw new Error(`not implemented yet ${xml.length} ${String(options)}`);
}
