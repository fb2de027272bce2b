/**
 * rxjs-xmlrpc/angular: XML-RPC clients as Angular providers. Needs `@angular/core` and
 * `@angular/common` (optional peer dependencies of the package, needed by this entry only).
 * @packageDocumentation
 */
export { type PollSignalOptions, pollSignal } from './pollSignal.js';
export {
  injectXmlRpcClient,
  provideXmlRpcClient,
  XML_RPC_CLIENT,
  type XmlRpcClientProviderOptions,
} from './provideXmlRpcClient.js';
export { type InjectedTransport, withHttpClient } from './withHttpClient.js';
