import type { EncodeOptions } from './codecOptions.js';
import type { XmlRpcParam } from './XmlRpcValue.js';

/** Encodes a `<methodResponse>` with one param. */
export function encodeMethodResponse(value: XmlRpcParam, options?: EncodeOptions): string {
  throw new Error(`not implemented yet ${String(value)} ${String(options)}`);
}

/** Encodes a `<methodResponse>` holding a `<fault>`. */
export function encodeFault(faultCode: number, faultString: string): string {
  throw new Error(`not implemented yet ${faultCode} ${faultString}`);
}
