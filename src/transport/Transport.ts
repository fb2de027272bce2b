import type { Observable } from 'rxjs';

/** One HTTP request to the XML-RPC endpoint: the XML body and the headers to send with it. */
export interface TransportRequest {
  /** The `<methodCall>` document. */
  readonly body: string;
  /** Headers the library wants sent (at least `Content-Type: text/xml`). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The injectable HTTP observable: POSTs `request.body` to the endpoint (the URL and credentials live
 * in the transport) and emits the response body once, then completes. Cold: each subscription makes
 * one request, and unsubscribing aborts it. Failures should be `XmlRpcTransportError`s.
 */
export type Transport = (request: TransportRequest) => Observable<string>;
