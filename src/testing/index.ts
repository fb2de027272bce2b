/**
 * rxjs-xmlrpc/testing: helpers for testing code that uses rxjs-xmlrpc. Browser-safe: no `node:`
 * module is reachable from it, so the node-free parts of the server entry are re-exported here.
 * @packageDocumentation
 */
export { decodeMethodCall } from '../codec/decodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from '../codec/encodeMethodResponse.js';
export { createXmlRpcHandler, type XmlRpcHandler } from '../server/createXmlRpcHandler.js';
export { describeMethod } from '../server/describeMethod.js';
export type { XmlRpcHandlerOptions } from '../server/handlerOptions.js';
export type { XmlRpcMethod, XmlRpcMethods } from '../server/XmlRpcMethods.js';
export {
  type MemoryTransport,
  type MemoryTransportHandler,
  type MemoryTransportOptions,
  memoryTransport,
} from './memoryTransport.js';
