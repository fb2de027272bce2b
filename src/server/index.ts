/**
 * rxjs-xmlrpc/server: answering XML-RPC requests (may use `node:` modules).
 * @packageDocumentation
 */
export { decodeMethodCall } from '../codec/decodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from '../codec/encodeMethodResponse.js';
export { XmlRpcFault } from '../codec/XmlRpcFault.js';
