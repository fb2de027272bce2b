import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeFault } from '../codec/encodeMethodResponse.js';
import { FaultCode } from '../codec/faultCodes.js';
import { corsHeaders, PREFLIGHT_HEADERS } from './corsHeaders.js';
import { handlerFor, type XmlRpcHandler } from './createXmlRpcHandler.js';
import { type RequestBodyError, readRequestBody } from './readRequestBody.js';
import {
  type NormalizedServeOptions,
  normalizeServeOptions,
  type ServeXmlRpcOptions,
} from './serveOptions.js';

/** A running server, as returned by {@link serveXmlRpc}. */
export interface XmlRpcServerHandle {
  /** The endpoint's URL, such as `http://127.0.0.1:54321/RPC2`. */
  readonly url: string;
  /** The interface listened on. */
  readonly host: string;
  /** The port listened on (the one chosen by the system when `port` was 0). */
  readonly port: number;
  /** HTTP requests received so far, whatever their path, method or outcome. */
  readonly requestCount: number;
  /** Stops listening and closes every connection, keep-alive and in-flight ones included. Idempotent. */
  close(): Promise<void>;
}

/** The answers one HTTP request can be given. */
interface Reply {
  text(status: number, text: string, headers?: Record<string, string>): void;
  xml(xml: string): void;
  /** No content, with what a CORS preflight needs when `allowed`. */
  preflight(allowed: boolean): void;
}

/** The answers to one request; each carries `commonHeaders` (CORS ones) along with its own. */
function replyTo(
  response: ServerResponse,
  idleTimeoutMs: number,
  commonHeaders: Record<string, string>,
): Reply {
  const writeHead = (status: number, headers: Record<string, string | number>) => {
    // From here on the connection waits on the client reading: a client that stops reading for
    // this long is cut off (with no 'timeout' listener, Node destroys the socket) instead of
    // keeping the response in memory for good. Node's keepAliveTimeout takes over once it is sent.
    if (idleTimeoutMs !== 0) response.setTimeout(idleTimeoutMs);
    response.writeHead(status, { ...commonHeaders, ...headers });
  };
  /** Sends `text` in UTF-8 with its length, so that keep-alive connections can carry the next request. */
  const send = (status: number, contentType: string, text: string, headers: Record<string, string> = {}) => {
    const body = Buffer.from(text, 'utf8');
    writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length, ...headers });
    response.end(body);
  };
  return {
    text: (status, text, headers) => send(status, 'text/plain; charset=utf-8', `${text}\n`, headers),
    xml: (xml) => send(200, 'text/xml; charset=utf-8', xml),
    preflight: (allowed) => {
      writeHead(204, { Allow: 'POST, OPTIONS', ...(allowed ? PREFLIGHT_HEADERS : {}) });
      response.end();
    },
  };
}

/**
 * The body as text in the charset the request declares (UTF-8 when it declares none); an unknown
 * charset or invalid bytes are the interoperability faults -32701 and -32702.
 */
function decodeText(body: Buffer, contentType: string | undefined): { text: string } | { fault: string } {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return {
      fault: encodeFault(FaultCode.UnsupportedEncoding, `unsupported charset: ${charset.slice(0, 40)}`),
    };
  }
  try {
    return { text: decoder.decode(body) };
  } catch {
    return {
      fault: encodeFault(FaultCode.InvalidCharacter, `request body is not valid ${decoder.encoding}`),
    };
  }
}

/** The path of a request target, or `undefined` when it is not a valid URL (`http://[`). */
function pathOf(target: string): string | undefined {
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** Answers one HTTP request; `fail` answers whatever goes wrong unexpectedly. */
async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  handler: XmlRpcHandler,
  { path, maxRequestBytes, corsOrigins }: NormalizedServeOptions,
  reply: Reply,
  fail: (error: unknown) => void,
): Promise<void> {
  const requestPath = pathOf(request.url ?? '/');
  if (requestPath === undefined) {
    reply.text(400, 'Bad Request: the request target is not a valid URL');
    return;
  }
  if (requestPath !== path) {
    reply.text(404, 'Not Found');
    return;
  }
  if (request.method === 'OPTIONS' && corsOrigins !== undefined) {
    const origin = request.headers.origin;
    reply.preflight(origin !== undefined && corsOrigins.has(origin));
    return;
  }
  if (request.method !== 'POST') {
    const allow = corsOrigins === undefined ? 'POST' : 'POST, OPTIONS';
    reply.text(405, 'Method Not Allowed: XML-RPC requests are POSTed', { Allow: allow });
    return;
  }
  let body: Buffer;
  try {
    body = await readRequestBody(request, maxRequestBytes);
  } catch (error) {
    const { status, message } = error as RequestBodyError;
    // The rest of the body is not wanted: Node closes the connection once this answer is sent,
    // instead of reading the body to the end to keep the connection alive.
    reply.text(status, message, { Connection: 'close' });
    return;
  }
  const decoded = decodeText(body, request.headers['content-type']);
  if ('fault' in decoded) {
    reply.xml(decoded.fault);
    return;
  }
  // Subscribed rather than awaited, so that a client hanging up unsubscribes Observable methods.
  const subscription = handler.observe(decoded.text).subscribe({
    next: (xml) => reply.xml(xml),
    // The handler answers every request with a methodResponse: an error here is a bug to report.
    error: fail,
  });
  response.on('close', () => subscription.unsubscribe());
}

/**
 * Serves `methods` over HTTP with `node:http`: POST `path` with a `<methodCall>`, get a
 * `<methodResponse>` back (`Content-Type: text/xml; charset=utf-8`, status 200 for faults too, as
 * XML-RPC wants). Other paths get 404, other HTTP methods 405, bodies over `maxRequestBytes` 413
 * (checked while reading, also after gzip/deflate decompression), other `Content-Encoding`s 415.
 * The body is read in the `charset` of its `Content-Type`, UTF-8 by default. A client that hangs
 * up unsubscribes the Observables its methods returned. A request target that is not a valid URL
 * gets 400; a throwing `onRequest` hook, or anything else failing unexpectedly, gets 500 and is
 * reported to `handlerOptions.onError`. With `cors`, pages of the origins it lists may call it from
 * a browser (preflight `OPTIONS` answered 204); without it, `OPTIONS` gets 405 like any other method.
 *
 * Clients cannot hold connections for free: headers must arrive within `headersTimeoutMs` (default
 * 10 s) and the whole request within `requestTimeoutMs` (30 s), or the client gets 408 and is
 * disconnected; a connection waiting on its client for `idleTimeoutMs` (5 s: idle between
 * keep-alive requests, or not reading its response) is closed; past `maxConnections` (512) new
 * connections are closed at once. The time a method takes to answer counts against none of these.
 *
 * @example Serve a few methods on a free port and call them
 * ```ts
 * import { serveXmlRpc } from 'rxjs-xmlrpc/server';
 *
 * const server = await serveXmlRpc({ methods: { add: (a: number, b: number) => a + b } });
 * console.log(`XML-RPC on ${server.url}`); // http://127.0.0.1:54321/RPC2
 * // ... later
 * await server.close();
 * ```
 * @param options The methods, where to listen (default `127.0.0.1`, a free port, `/RPC2`) and limits.
 * @returns A promise of the running server's handle, rejected when it cannot listen (port in use).
 * @throws TypeError or RangeError at once for invalid options or method table.
 */
export function serveXmlRpc(options: ServeXmlRpcOptions): Promise<XmlRpcServerHandle> {
  const config = normalizeServeOptions(options);
  const { port, host, path, handlerOptions, onRequest } = config;
  const { headersTimeoutMs, requestTimeoutMs, idleTimeoutMs, maxConnections } = config;
  const handler = handlerFor(config.methods, handlerOptions);
  let requestCount = 0;
  // Node checks the headers and request timeouts on a timer of its own (every 30 s by default):
  // a tenth of the shorter one keeps them within 10%.
  const shortest = Math.min(...[headersTimeoutMs, requestTimeoutMs].filter((ms) => ms !== 0));
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Number.isFinite(shortest) ? Math.max(1, Math.ceil(shortest / 10)) : 30_000,
    },
    (request, response) => {
      requestCount++;
      const reply = replyTo(response, idleTimeoutMs, corsHeaders(config.corsOrigins, request.headers.origin));
      // Whatever fails unexpectedly (a throwing onRequest hook included) is reported and answered 500.
      const fail = (error: unknown): void => {
        handlerOptions.onError(error, undefined);
        if (response.headersSent) response.destroy();
        else reply.text(500, 'Internal Server Error');
      };
      try {
        onRequest?.(request);
      } catch (error) {
        fail(error);
        return;
      }
      answer(request, response, handler, config, reply, fail).catch(fail);
    },
  );
  server.keepAliveTimeout = idleTimeoutMs;
  if (Number.isFinite(maxConnections)) server.maxConnections = maxConnections;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      const actualPort = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}${path}`,
        host,
        port: actualPort,
        get requestCount() {
          return requestCount;
        },
        close() {
          closing ??= new Promise((resolveClose) => {
            server.close(() => resolveClose());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
