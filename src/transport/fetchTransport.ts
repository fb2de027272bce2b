import { catchError, map, type Observable, throwError } from 'rxjs';
import { fromFetch } from 'rxjs/fetch';
import { acceptXmlBody } from './internal/acceptXmlBody.js';
import { normalizeTransportOptions } from './internal/normalizeTransportOptions.js';
import { parseContentType } from './internal/parseContentType.js';
import { readLimitedText } from './internal/readLimitedText.js';
import { requestHeaders } from './internal/requestHeaders.js';
import { textDecoderFor } from './internal/textDecoderFor.js';
import { timeoutRequest } from './internal/timeoutRequest.js';
import {
  asTransportFailure,
  httpStatusFailure,
  responseTooLargeFailure,
  transportFailure,
} from './internal/transportFailure.js';
import type { Transport, TransportOptions } from './Transport.js';

/** Options of {@link fetchTransport}. */
export type FetchTransportOptions = TransportOptions;

/** Bytes of a non-2xx body read for the error's excerpt; the rest of an error page is not wanted. */
const ERROR_EXCERPT_BYTES = 4096;

/**
 * A {@link Transport} on the Fetch API: POSTs the request body with `Content-Type: text/xml` and
 * emits the response body once, then completes. Works in browsers, Node 18+, Deno and Bun.
 *
 * - Credentials in the URL (`http://user:p%40ss@host/RPC2`, percent-decoded) or in `auth` are sent
 *   as HTTP Basic `Authorization`; the URL is requested, and quoted in errors, without them.
 * - Every failure is an `XmlRpcTransportError` whose message reads
 *   `POST <url> failed: <problem>: "<body excerpt>"`, with `status` when a response arrived: a
 *   network error, a status outside 200-299, a body that is not XML (JSON, an HTML page: see
 *   `acceptXmlBody`), a body over `maxResponseBytes`, no complete answer within `timeoutMs`.
 * - `maxResponseBytes` is enforced while the body streams in, on the decompressed bytes: the read
 *   stops and the request is aborted at the limit, and a `Content-Length` over it fails before
 *   reading.
 * - The body is decoded with the `Content-Type` charset (UTF-8 when none is given).
 * - Built on `fromFetch` from `rxjs/fetch`: cold, each subscription sends one request, and
 *   unsubscribing aborts it, the body read included. The global `fetch` is looked up at each
 *   request, so a polyfill or an instrumented `fetch` installed later is used.
 *
 * @example Talk to supervisord with Basic auth from the URL
 * ```ts
 * import { encodeMethodCall, fetchTransport } from 'rxjs-xmlrpc';
 *
 * const transport = fetchTransport('http://admin:secret@127.0.0.1:9001/RPC2', { timeoutMs: 5000 });
 * const body = encodeMethodCall('supervisor.getState', []);
 * transport({ body, headers: { 'Content-Type': 'text/xml' } }).subscribe({
 *   next: (responseXml) => console.log(responseXml),
 *   error: (error) => console.error(error.message), // "POST http://127.0.0.1:9001/RPC2 failed: HTTP 401 …"
 * });
 * ```
 * @param url The endpoint, such as `http://127.0.0.1:9001/RPC2`; may hold `user:password@`.
 * @param options Headers, credentials, time and size limits.
 * @returns The transport.
 * @throws TypeError / RangeError At creation, for a bad option (named in the message).
 */
export function fetchTransport(url: string, options: FetchTransportOptions = {}): Transport {
  const config = normalizeTransportOptions(url, options);

  /** Turns a response into its accepted body, or a transport error. */
  const readResponse = (response: Response): Observable<string> => {
    const { status } = response;
    const contentType = response.headers.get('content-type');
    const charset = parseContentType(contentType)?.charset ?? 'utf-8';
    const decoder = textDecoderFor(charset);
    if (!response.ok) {
      return readLimitedText(response.body, ERROR_EXCERPT_BYTES, decoder ?? new TextDecoder()).pipe(
        map(({ text }) => {
          throw httpStatusFailure(config.url, status, response.statusText, { body: text });
        }),
      );
    }
    if (decoder === undefined) {
      const problem = `response charset ${JSON.stringify(charset)} is not supported`;
      return refuse(response, transportFailure(config.url, problem, { status }));
    }
    const { maxResponseBytes } = config;
    const declaredBytes = Number(response.headers.get('content-length'));
    if (declaredBytes > maxResponseBytes) {
      return refuse(
        response,
        responseTooLargeFailure(config.url, maxResponseBytes, { status, declaredBytes }),
      );
    }
    return readLimitedText(response.body, maxResponseBytes, decoder).pipe(
      map(({ text, truncated }) => {
        if (truncated) throw responseTooLargeFailure(config.url, maxResponseBytes, { status, body: text });
        return acceptXmlBody(config.url, { status, contentType, body: text });
      }),
    );
  };

  return (request) =>
    fromFetch(config.url, {
      method: 'POST',
      headers: requestHeaders(request, config.headers),
      body: request.body,
      // The body is read inside the selector, so fromFetch keeps the request abortable until it is in.
      selector: readResponse,
    }).pipe(
      catchError((error: unknown) => throwError(() => asTransportFailure(config.url, error))),
      timeoutRequest(config.url, config.timeoutMs, config.scheduler),
    );
}

/**
 * Fails without reading the body, and cancels it: fromFetch stops being able to abort once its
 * selector errors, and cancelling the body is what terminates the request then.
 */
function refuse(response: Response, error: Error): Observable<never> {
  response.body?.cancel().catch(() => undefined);
  return throwError(() => error);
}
