import type { TransportRequest } from '../Transport.js';

/** Sent even when a hand-written request forgets it: XML-RPC servers dispatch on it. */
const XML_CONTENT_TYPE: Readonly<Record<string, string>> = { 'Content-Type': 'text/xml' };

/**
 * The headers of one request: `Content-Type: text/xml`, overridden by the request's own headers,
 * overridden by the transport's configured ones (user headers and `Authorization`).
 *
 * Names compare case-insensitively, so a user's `content-type` replaces the library's
 * `Content-Type` instead of going out next to it (XHR would join the two values with a comma);
 * the winner's spelling is kept.
 */
export function requestHeaders(
  request: TransportRequest,
  configured: Readonly<Record<string, string>>,
): Record<string, string> {
  const byName = new Map<string, readonly [name: string, value: string]>();
  for (const layer of [XML_CONTENT_TYPE, request.headers, configured]) {
    for (const [name, value] of Object.entries(layer)) byName.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries(byName.values());
}

/**
 * {@link requestHeaders} for one transport's `configured` headers, merging again only when a
 * request's headers object is not the previous one's: the client sends the same constant object with
 * every request, so the merge (a map and three passes) runs once. Each call returns a fresh copy,
 * which the transport may add to.
 */
export function requestHeadersFor(
  configured: Readonly<Record<string, string>>,
): (request: TransportRequest) => Record<string, string> {
  let lastHeaders: TransportRequest['headers'] | undefined;
  let merged: Record<string, string> = {};
  return (request) => {
    if (request.headers !== lastHeaders) {
      merged = requestHeaders(request, configured);
      lastHeaders = request.headers;
    }
    return { ...merged };
  };
}
