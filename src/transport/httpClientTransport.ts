import { catchError, defer, map, type Observable, throwError } from 'rxjs';
import { utf8ByteLength } from '../codec/utf8ByteLength.js';
import { acceptXmlBody } from './internal/acceptXmlBody.js';
import { normalizeTransportOptions } from './internal/normalizeTransportOptions.js';
import { requestHeaders } from './internal/requestHeaders.js';
import { timeoutRequest } from './internal/timeoutRequest.js';
import {
  asTransportFailure,
  httpStatusFailure,
  responseTooLargeFailure,
  transportFailure,
} from './internal/transportFailure.js';
import type { Transport, TransportOptions } from './Transport.js';
import type { XmlRpcTransportError } from './XmlRpcTransportError.js';

/**
 * The one `HttpClient.post` overload the adapter calls, so the core needs no Angular import:
 * Angular's `HttpClient` satisfies it as it is.
 */
export interface HttpClientLike {
  /** `HttpClient.post(url, body, { headers, responseType: 'text' })`: the response body as text. */
  post(
    url: string,
    body: string,
    options: { headers: Record<string, string>; responseType: 'text' },
  ): Observable<string>;
}

/** Options of {@link httpClientTransport}. */
export type HttpClientTransportOptions = TransportOptions;

/** The fields of Angular's `HttpErrorResponse` the adapter reads (duck-typed). */
interface HttpErrorLike {
  readonly status: number;
  readonly statusText?: string;
  readonly error: unknown;
  readonly message: string;
}

/**
 * A {@link Transport} on Angular's `HttpClient`, so XML-RPC requests go through the app's
 * interceptors (auth tokens, logging, retries) and its `HttpTestingController` in tests. Calls
 * `httpClient.post(url, body, { responseType: 'text', headers })` once per subscription; unsubscribing
 * cancels the request.
 *
 * Errors are the same `XmlRpcTransportError`s as {@link fetchTransport}'s: an `HttpErrorResponse`
 * becomes one with its `status`, an excerpt of its body, and itself as `cause`; a 2xx body that is
 * not XML is refused by its first characters (`HttpClient` does not expose headers for
 * `observe: 'body'`). `maxResponseBytes` is checked once the body arrives, because `HttpClient` hands
 * it over whole: it keeps oversize text from the decoder, not from memory.
 *
 * @example Provide a client in an Angular app
 * ```ts
 * import { HttpClient } from '@angular/common/http';
 * import { InjectionToken, inject } from '@angular/core';
 * import { createXmlRpcClient, httpClientTransport } from 'rxjs-xmlrpc';
 *
 * // One client for the whole app (`inject(SUPERVISOR)`), so all its calls share the batching.
 * export const SUPERVISOR = new InjectionToken('supervisord XML-RPC client', {
 *   providedIn: 'root',
 *   factory: () => {
 *     const transport = httpClientTransport(inject(HttpClient), '/RPC2', { timeoutMs: 10_000 });
 *     return createXmlRpcClient({ transport });
 *   },
 * });
 * ```
 * @param httpClient Angular's `HttpClient`, or anything with the same `post`.
 * @param url The endpoint; may hold `user:password@`, sent as Basic `Authorization`.
 * @param options Headers, credentials, time and size limits.
 * @returns The transport.
 * @throws TypeError / RangeError At creation, for a bad argument (named in the message).
 */
export function httpClientTransport(
  httpClient: HttpClientLike,
  url: string,
  options: HttpClientTransportOptions = {},
): Transport {
  if (typeof httpClient?.post !== 'function') {
    throw new TypeError('`httpClient` must have a `post` method (an Angular HttpClient)');
  }
  const config = normalizeTransportOptions(url, options);
  const { maxResponseBytes } = config;

  return (request) =>
    // Deferred so each subscription posts anew, whatever `post` does when merely called.
    defer(() =>
      httpClient.post(config.url, request.body, {
        headers: requestHeaders(request, config.headers),
        responseType: 'text',
      }),
    ).pipe(
      map((body) => {
        if (maxResponseBytes !== Infinity && utf8ByteLength(body) > maxResponseBytes) {
          throw responseTooLargeFailure(config.url, maxResponseBytes, { body });
        }
        return acceptXmlBody(config.url, { body });
      }),
      catchError((error: unknown) => throwError(() => fromHttpError(config.url, error))),
      timeoutRequest(config.url, config.timeoutMs, config.scheduler),
    );
}

function isHttpErrorLike(error: unknown): error is HttpErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as HttpErrorLike).status === 'number' &&
    'error' in error
  );
}

/** Maps an `HttpErrorResponse`: status 0 means no HTTP response (network, CORS), `error` then is an event. */
function fromHttpError(url: string, error: unknown): XmlRpcTransportError {
  if (!isHttpErrorLike(error)) return asTransportFailure(url, error);
  if (error.status === 0)
    return transportFailure(url, `no HTTP response (${error.message})`, { cause: error });
  const body = typeof error.error === 'string' ? error.error : undefined;
  return httpStatusFailure(url, error.status, error.statusText ?? '', { body, cause: error });
}
