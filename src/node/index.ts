/**
 * rxjs-xmlrpc/node: the Node-only client transport, on `node:http` and `node:https`.
 * @packageDocumentation
 */
export { CookieJar, type CookieJarOptions } from '../transport/CookieJar.js';
export { type NodeHttpTransportOptions, nodeHttpTransport } from '../transport/nodeHttpTransport.js';
