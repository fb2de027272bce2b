import { catchError, defer, filter, map, throwError } from 'rxjs';
import { AjaxError, type AjaxResponse, ajax } from 'rxjs/ajax';
import { shownValue } from '../codec/messageParts.js';
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

/** Options of {@link ajaxTransport}. */
export interface AjaxTransportOptions extends TransportOptions {
  /** Makes the `XMLHttpRequest` (a test double, an instrumented one). Default `new XMLHttpRequest()`. */
  readonly createXHR?: () => XMLHttpRequest;
}

/**
 * A {@link Transport} on `ajax` from `rxjs/ajax` (XMLHttpRequest), for apps that already route
 * HTTP through XHR: POSTs the request body with `Content-Type: text/xml` and emits the response text
 * once, then completes.
 *
 * Behaves as {@link fetchTransport} does (credentials from the URL or `auth` as Basic
 * `Authorization`, the same `XmlRpcTransportError`s and messages, cold, aborted on unsubscribe),
 * with two differences XHR imposes:
 * - `maxResponseBytes` is checked on each download progress event against the text decoded so far
 *   (measured as UTF-8) and against the bytes received, and against a `Content-Length` as soon as
 *   it is known; over the limit the XHR is aborted. Progress events come every 50 ms or so, so a
 *   fast body can overshoot the limit by what arrived in between before it is stopped.
 * - The browser decodes the body (by the `Content-Type` charset) and follows redirects.
 *
 * The request is sent as cross-domain, so `ajax` adds no `X-Requested-With` header: a CORS XML-RPC
 * server would otherwise have to allow it in preflight.
 *
 * @example Use it where fetch is not wanted
 * ```ts
 * import { ajaxTransport, decodeMethodResponse, encodeMethodCall } from 'rxjs-xmlrpc';
 *
 * const transport = ajaxTransport('/RPC2', { auth: { username: 'admin', password: 'secret' } });
 * const body = encodeMethodCall('supervisor.getState', []);
 * transport({ body, headers: { 'Content-Type': 'text/xml' } })
 *   .subscribe((responseXml) => console.log(decodeMethodResponse(responseXml)));
 * ```
 * @param url The endpoint (relative URLs resolve against the page); may hold `user:password@`.
 * @param options Headers, credentials, time and size limits, XHR factory.
 * @returns The transport.
 * @throws TypeError / RangeError At creation, for a bad option (named in the message).
 */
export function ajaxTransport(url: string, options: AjaxTransportOptions = {}): Transport {
  const config = normalizeTransportOptions(url, options);
  const { createXHR } = options;
  if (createXHR !== undefined && typeof createXHR !== 'function') {
    throw new TypeError(
      `\`createXHR\` must be a function returning an XMLHttpRequest, but got ${shownValue(createXHR)}`,
    );
  }
  const { maxResponseBytes } = config;

  return (request) =>
    defer(() => {
      // Per subscription: how much of the growing response text has been measured, and its size.
      let measuredChars = 0;
      let decodedBytes = 0;
      return ajax<string>({
        url: config.url,
        method: 'POST',
        body: request.body,
        headers: requestHeaders(request, config.headers),
        responseType: 'text',
        crossDomain: true,
        includeDownloadProgress: true,
        ...(createXHR === undefined ? {} : { createXHR }),
      }).pipe(
        filter((event) => {
          const text = typeof event.response === 'string' ? event.response : '';
          decodedBytes += utf8ByteLength(text, measuredChars);
          measuredChars = text.length;
          const received = Math.max(decodedBytes, event.loaded);
          if (event.total > maxResponseBytes || received > maxResponseBytes) {
            throw responseTooLargeFailure(config.url, maxResponseBytes, {
              status: event.status,
              body: text,
              ...(received > maxResponseBytes ? {} : { declaredBytes: event.total }),
            });
          }
          return event.type === 'download_load';
        }),
        map((response) => acceptLoadedResponse(config.url, response)),
      );
    }).pipe(
      catchError((error: unknown) => throwError(() => fromAjaxError(config.url, error))),
      timeoutRequest(config.url, config.timeoutMs, config.scheduler),
    );
}

/** The body of a completed XHR; `ajax` only errors for 400 and up, a transport for anything but 2xx. */
function acceptLoadedResponse(url: string, response: AjaxResponse<string>): string {
  const { status, xhr } = response;
  const body = typeof response.response === 'string' ? response.response : '';
  if (status < 200 || status > 299) throw httpStatusFailure(url, status, xhr.statusText, { body });
  return acceptXmlBody(url, { status, contentType: xhr.getResponseHeader('content-type'), body });
}

/** Maps `ajax`'s errors: a status of 0 means no HTTP response at all (network, CORS, abort). */
function fromAjaxError(url: string, error: unknown): XmlRpcTransportError {
  if (!(error instanceof AjaxError)) return asTransportFailure(url, error);
  const body = typeof error.response === 'string' ? error.response : undefined;
  if (error.status > 0)
    return httpStatusFailure(url, error.status, error.xhr.statusText, { body, cause: error });
  return transportFailure(url, `no HTTP response (${error.message})`, { cause: error });
}
