/**
 * The interoperability fault codes (specs.xmlrpc.com "Specification for Fault Code Interoperability"),
 * used by the server handler and recognised by the client.
 */
export const FaultCode = {
  /** The request is not well-formed XML. */
  NotWellFormed: -32700,
  /** Unsupported encoding. */
  UnsupportedEncoding: -32701,
  /** Invalid character for encoding. */
  InvalidCharacter: -32702,
  /** Well-formed XML, but not a valid XML-RPC request. */
  InvalidRequest: -32600,
  /** The requested method does not exist. */
  MethodNotFound: -32601,
  /** The method's params are wrong. */
  InvalidParams: -32602,
  /** An internal XML-RPC error. */
  InternalError: -32603,
  /** The method itself failed (application error). */
  ApplicationError: -32500,
  /** System error. */
  SystemError: -32400,
  /** Transport error. */
  TransportError: -32300,
} as const;
