/**
 * rxjs-xmlrpc/server: answering XML-RPC requests (may use `node:` modules).
 * @packageDocumentation
 */
export { decodeMethodCall } from '../codec/decodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from '../codec/encodeMethodResponse.js';
export { FaultCode } from '../codec/faultCodes.js';
export { XmlRpcFault } from '../codec/XmlRpcFault.js';
export type { ServeCorsOptions } from './corsHeaders.js';
export { createXmlRpcHandler, type XmlRpcHandler } from './createXmlRpcHandler.js';
export {
  DescribedMethod,
  describeMethod,
  type XmlRpcMethodInfo,
  type XmlRpcSignature,
  type XmlRpcTypeName,
} from './describeMethod.js';
export type { XmlRpcHandlerOptions } from './handlerOptions.js';
export type { ServeXmlRpcOptions } from './serveOptions.js';
export { serveXmlRpc, type XmlRpcServerHandle } from './serveXmlRpc.js';
export type { XmlRpcMethod, XmlRpcMethods } from './XmlRpcMethods.js';
