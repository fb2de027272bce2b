import type { Observable, SchedulerLike } from 'rxjs';

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

/** Credentials for HTTP Basic authentication (RFC 7617). */
export interface BasicAuthCredentials {
  /** User name; must not contain `:`, which Basic auth uses as the separator. */
  readonly username: string;
  /** Password; any characters (sent as UTF-8). */
  readonly password: string;
}

/** Options every HTTP transport takes; each field is optional. */
export interface TransportOptions {
  /**
   * Extra request headers. They replace same-named headers the library sends (names compare
   * case-insensitively), so `{ 'Content-Type': 'text/xml; charset=utf-8' }` is allowed. Give
   * `Authorization` here or through credentials, not both.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** HTTP Basic credentials; alternatively put them in the URL (`http://user:pass@host/RPC2`), not both. */
  readonly auth?: BasicAuthCredentials;
  /** Time allowed for the whole exchange, body included, in milliseconds; `Infinity` disables it. Default 30000. */
  readonly timeoutMs?: number;
  /** Largest accepted response body, in bytes after decompression; `Infinity` disables it. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** Scheduler of the timeout (tests pass a virtual-time one). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}
