/**
 * rxjs-xmlrpc: XML-RPC for RxJS, with `system.multicall` batching as operators.
 * This entry is browser-safe: no `node:` module is reachable from it.
 * @packageDocumentation
 */

// Client
export type { ClientEvent, ClientEventType } from './client/ClientEvent.js';
export {
  type CallOptions,
  createXmlRpcClient,
  type XmlRpcClient,
  type XmlRpcClientOptions,
} from './client/createXmlRpcClient.js';
export type { XmlRpcMethods, XmlRpcUntypedMethod, XmlRpcUntypedMethods } from './client/XmlRpcMethods.js';
// Codec
export type { DecodeOptions, EncodeOptions } from './codec/codecOptions.js';
export { type DecodedMethodCall, decodeMethodCall } from './codec/decodeMethodCall.js';
export { decodeMethodResponse } from './codec/decodeMethodResponse.js';
export { encodeMethodCall } from './codec/encodeMethodCall.js';
export { encodeFault, encodeMethodResponse } from './codec/encodeMethodResponse.js';
// Errors
export { FaultCode } from './codec/faultCodes.js';
export { XmlRpcEncodeError } from './codec/XmlRpcEncodeError.js';
export { type XmlRpcCallContext, XmlRpcError, type XmlRpcErrorOptions } from './codec/XmlRpcError.js';
export { XmlRpcFault } from './codec/XmlRpcFault.js';
export { XmlRpcParseError, type XmlRpcParseErrorOptions } from './codec/XmlRpcParseError.js';
// Values and type wrappers
export type { XmlRpcSendable, XmlRpcSendableParams } from './codec/XmlRpcSendable.js';
export type {
  XmlRpcForcedType,
  XmlRpcParam,
  XmlRpcParamStruct,
  XmlRpcStruct,
  XmlRpcValue,
} from './codec/XmlRpcValue.js';
export { asBase64, asDouble, asI8, asInt, XmlRpcTyped } from './codec/XmlRpcValue.js';
export { callOf, callsOf, type XmlRpcCallBuilder } from './multicall/callOf.js';
// Multicall
export {
  decodeMulticallResponse,
  type MulticallDecodeOptions,
  type MulticallResults,
} from './multicall/decodeMulticallResponse.js';
export { encodeMulticall } from './multicall/encodeMulticall.js';
export type {
  XmlRpcApi,
  XmlRpcApiOf,
  XmlRpcMethodName,
  XmlRpcMethodWithoutParams,
  XmlRpcOtherName,
  XmlRpcOverloads,
  XmlRpcParamsOf,
  XmlRpcResultOf,
} from './multicall/XmlRpcApi.js';
export type { CallOutcome, CallOutcomes, CallResult, XmlRpcCall } from './multicall/XmlRpcCall.js';
export { XmlRpcProtocolError } from './multicall/XmlRpcProtocolError.js';
// Operators
export { type BatchCallsConfig, batchCalls } from './operators/batchCalls.js';
export { type DispatchMulticallConfig, dispatchMulticall } from './operators/dispatchMulticall.js';
export { type MulticallSender, type PollBackoff, type PollConfig, poll, pollOn } from './operators/poll.js';
export { type CallState, type PollStateOptions, pollState } from './operators/pollState.js';
export { type OutcomeRouter, splitOutcomes } from './operators/splitOutcomes.js';

// Transports
export { type AjaxTransportOptions, ajaxTransport } from './transport/ajaxTransport.js';
export { type FetchTransportOptions, fetchTransport } from './transport/fetchTransport.js';
export {
  type HttpClientLike,
  type HttpClientTransportOptions,
  httpClientTransport,
} from './transport/httpClientTransport.js';
export type {
  BasicAuthCredentials,
  Transport,
  TransportOptions,
  TransportRequest,
} from './transport/Transport.js';
export { XmlRpcTransportError, type XmlRpcTransportErrorOptions } from './transport/XmlRpcTransportError.js';
