import { HttpClient } from '@angular/common/http';
import { inject } from '@angular/core';
import { type HttpClientTransportOptions, httpClientTransport } from '../transport/httpClientTransport.js';
import type { Transport } from '../transport/Transport.js';

/**
 * A transport made where the client is provided, in an injection context (so it can `inject()` what
 * it needs); see {@link withHttpClient}.
 */
export interface InjectedTransport {
  /** Makes the transport; called once per client, in the injection context of its provider. */
  readonly injectTransport: () => Transport;
}

/**
 * The transport on the app's `HttpClient` (see `httpClientTransport`), so its interceptors apply (auth
 * tokens, logging, retries) and `HttpTestingController` answers in tests. For the `transport` of
 * {@link provideXmlRpcClient}; `HttpClient` itself is provided as usual (`provideHttpClient()`).
 *
 * @param url The endpoint; may hold `user:password@`, sent as Basic `Authorization`.
 * @param options Headers, credentials, time and size limits.
 * @returns The transport, made when the client is first injected.
 * @throws TypeError / RangeError When the client is made, for a bad `url` or option (named in the message).
 */
export function withHttpClient(url: string, options?: HttpClientTransportOptions): InjectedTransport {
  return { injectTransport: () => httpClientTransport(inject(HttpClient), url, options) };
}
