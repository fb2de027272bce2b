import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeFault } from '../codec/encodeMethodResponse.js';
import { FaultCode } from '../codec/faultCodes.js';
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

/** Sends `text` in UTF-8 with its length, so that keep-alive connections can carry the next request. */
function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length, ...headers });
  response.end(body);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers?: Record<string, string>,
): void {
  send(response, status, 'text/plain; charset=utf-8', `${text}\n`, headers);
}

function sendXml(response: ServerResponse, xml: string): void {
  send(response, 200, 'text/xml; charset=utf-8', xml);
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
  { path, maxRequestBytes }: NormalizedServeOptions,
  fail: (error: unknown) => void,
): Promise<void> {
  const requestPath = pathOf(request.url ?? '/');
  if (requestPath === undefined) {
    sendText(response, 400, 'Bad Request: the request target is not a valid URL');
    return;
  }
  if (requestPath !== path) {
    sendText(response, 404, 'Not Found');
    return;
  }
  if (request.method !== 'POST') {
    sendText(response, 405, 'Method Not Allowed: XML-RPC requests are POSTed', { Allow: 'POST' });
    return;
  }
  let body: Buffer;
  try {
    body = await readRequestBody(request, maxRequestBytes);
  } catch (error) {
    const { status, message } = error as RequestBodyError;
    // The rest of the body is not wanted: Node closes the connection once this answer is sent,
    // instead of reading the body to the end to keep the connection alive.
    sendText(response, status, message, { Connection: 'close' });
    return;
  }
  const decoded = decodeText(body, request.headers['content-type']);
  if ('fault' in decoded) {
    sendXml(response, decoded.fault);
    return;
  }
  // Subscribed rather than awaited, so that a client hanging up unsubscribes Observable methods.
  const subscription = handler.observe(decoded.text).subscribe({
    next: (xml) => sendXml(response, xml),
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
 * up unsubscribes the Observables its methods returned.
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
  const handler = handlerFor(config.methods, handlerOptions);
  let requestCount = 0;
  const server = createServer((request, response) => {
    requestCount++;
    // Whatever fails unexpectedly (a throwing onRequest hook included) is reported and answered 500.
    const fail = (error: unknown): void => {
      handlerOptions.onError(error, undefined);
      if (response.headersSent) response.destroy();
      else sendText(response, 500, 'Internal Server Error');
    };
    try {
      onRequest?.(request);
    } catch (error) {
      fail(error);
      return;
    }
    answer(request, response, handler, config, fail).catch(fail);
  });

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
