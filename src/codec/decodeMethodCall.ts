import type { DecodeOptions } from './codecOptions.js';
import type { XmlRpcValue } from './XmlRpcValue.js';

/** A decoded `<methodCall>`. */
export interface DecodedMethodCall {
  readonly methodName: string;
  readonly params: XmlRpcValue[];
}

/** Decodes a `<methodCall>`; throws `XmlRpcParseError` for anything malformed. */
export function decodeMethodCall(xml: string, options?: DecodeOptions): DecodedMethodCall {
  throw new Error(`not implemented yet ${xml.length} ${String(options)}`);
}
