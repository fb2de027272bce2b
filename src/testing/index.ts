/**
 * rxjs-xmlrpc/testing: helpers for testing code that uses rxjs-xmlrpc.
 * @packageDocumentation
 */
export { decodeMethodCall } from '../codec/decodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from '../codec/encodeMethodResponse.js';
