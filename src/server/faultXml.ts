import { encodeFault } from '../codec/encodeMethodResponse.js';
import { encodeText, encodeValue } from '../codec/encodeValue.js';
import { quoteForXml } from '../codec/quoteForXml.js';
import type { XmlRpcFault } from '../codec/XmlRpcFault.js';

/*
 * Faults the server can always send. Only the message can fail to encode (a character XML 1.0
 * cannot carry, such as U+0000, U+FFFE or a lone surrogate, thrown by a method or quoted from a
 * request): such a message is sent as a JSON string literal with those characters escaped (see
 * quoteForXml), which XML can always carry, rather than losing the fault. Codes are 32-bit integers
 * by the time they get here.
 */

function sendable(faultString: string): string {
  try {
    encodeText(faultString, 'faultString');
    return faultString;
  } catch {
    return quoteForXml(faultString);
  }
}

/** A `<methodResponse>` holding `fault`; never throws. */
export function faultResponse(fault: XmlRpcFault): string {
  return encodeFault(fault.faultCode, sendable(fault.faultString));
}

/** A fault struct `<value>`, as a `system.multicall` entry; never throws. */
export function faultValue(faultCode: number, faultString: string): string {
  return encodeValue({ faultCode, faultString: sendable(faultString) });
}
