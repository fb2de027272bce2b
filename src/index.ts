/**
 * rxjs-xmlrpc: XML-RPC for RxJS, with `system.multicall` batching as operators.
 * This entry is browser-safe: no `node:` module is reachable from it.
 * @packageDocumentation
 */

// Codec
export type { DecodeOptions, EncodeOptions } from './codec/codecOptions.js';
export { type DecodedMethodCall, decodeMethodCall } from './codec/decodeMethodCall.js';
export { decodeMethodResponse } from './codec/decodeMethodResponse.js';
export { encodeMethodCall } from './codec/encodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from './codec/encodeMethodResponse.js';
export { XmlRpcEncodeError } from './codec/XmlRpcEncodeError.js';
// Errors
export { FaultCode } from './codec/faultCodes.js';
export { type XmlRpcCallContext, XmlRpcError, type XmlRpcErrorOptions } from './codec/XmlRpcError.js';
export { XmlRpcFault } from './codec/XmlRpcFault.js';
export { XmlRpcParseError, type XmlRpcParseErrorOptions } from './codec/XmlRpcParseError.js';
// Values and type wrappers
export type {
  XmlRpcForcedType,
  XmlRpcParam,
  XmlRpcParamStruct,
  XmlRpcStruct,
  XmlRpcValue,
} from './codec/XmlRpcValue.js';
export { asBase64, asDouble, asI8, asInt, XmlRpcTyped } from './codec/XmlRpcValue.js';
