import { type DecodeOptions, normalizeDecodeOptions } from './codecOptions.js';
import { decodeResponseEntries } from './decodeResponseEntries.js';
import { notWellFormedFirst } from './internal/prepareDocument.js';
import { XmlRpcParseError } from './XmlRpcParseError.js';
import type { XmlRpcValue } from './XmlRpcValue.js';

/**
 * Decodes a `<methodResponse>`: returns its single param, throws `XmlRpcFault` for a fault response
 * and `XmlRpcParseError` for anything malformed (see {@link DecodeOptions} for the limits).
 *
 * @example
 * ```ts
 * import { decodeMethodResponse } from 'rxjs-xmlrpc';
 * decodeMethodResponse('<methodResponse><params><param><value><i4>42</i4></value></param></params></methodResponse>');
 * // 42
 * ```
 */
export function decodeMethodResponse(xml: string, options?: DecodeOptions): XmlRpcValue {
  const response = decodeResponseEntries(xml, options);
  if (response.kind === 'value') return response.value;
  // An array param was read entry by entry; here the first bad entry fails the whole value, unless
  // the document is not even well-formed further on.
  const bad = response.entries.find((entry) => entry instanceof XmlRpcParseError);
  if (bad !== undefined) throw notWellFormedFirst(bad, xml, normalizeDecodeOptions(options));
  return response.entries as XmlRpcValue[];
}
