import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DashboardConfig } from '../../dashboard/DashboardConfig.js';
import { type RequestBodyError, readRequestBody } from '../../server/readRequestBody.js';
import type { Transport } from '../../transport/Transport.js';
import { upstreamProblem } from './upstreamProblem.js';

/** Options of {@link serveDashboard}. */
export interface DashboardServerOptions {
  /** The page, one HTML document (see scripts/buildDashboardPage.ts). */
  readonly page: string;
  /** What `GET /config.json` answers: hosts by path and label, never by URL or credentials. */
  readonly config: DashboardConfig;
  /** Host n's endpoint, credentials and limits included: `POST /rpc/<n>` goes through `transports[n]`. */
  readonly transports: readonly Transport[];
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Largest request body forwarded, in bytes. Default 1 MiB: the page sends a few calls at a time. */
  readonly maxRequestBytes?: number;
  /**
   * Most forwarded requests in flight at once, over every host (the page keeps under it; another tab
   * may not): past it, requests are answered 503 at once rather than queued.
   */
  readonly maxInFlight: number;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** The page's URL: `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** Requests forwarded to each host so far, by host index. */
  readonly forwarded: readonly number[];
  /** Stops listening and closes every connection. Idempotent. */
  close(): Promise<void>;
}

const XML_TYPES = new Set(['text/xml', 'application/xml']);
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether a request's `Host` may reach a dashboard listening on `listenHost`. On loopback (the
 * default) only loopback names: a page of another site whose name an attacker re-points at
 * 127.0.0.1 (DNS rebinding) would otherwise be same-origin with the dashboard and could start and
 * stop processes with its credentials. Listening elsewhere, the names the dashboard is reached by
 * cannot be known here, so any is taken.
 */
function hostAllowed(listenHost: string, hostHeader: string | undefined): boolean {
  if (!LOOPBACK_NAMES.has(listenHost)) return true;
  try {
    return LOOPBACK_NAMES.has(new URL(`http://${hostHeader ?? ''}`).hostname);
  } catch {
    return false;
  }
}
const RPC_PATH = /^\/rpc\/(\d+)$/;

/**
 * Serves the dashboard page and forwards its XML-RPC requests: `POST /rpc/<n>` with an XML body goes
 * to host n through its transport, which holds the endpoint's URL and credentials (the page never
 * sees them), its time limit and its response size limit. The answer is the endpoint's XML, or
 * 502 with one line saying what went wrong upstream ("connection refused", "HTTP 401 Unauthorized"…),
 * which the page shows. Only POST of `text/xml` or `application/xml` bodies up to `maxRequestBytes`
 * is forwarded; a client that hangs up aborts its upstream request.
 */
export function serveDashboard(options: DashboardServerOptions): Promise<DashboardServer> {
  const { page, transports, maxInFlight } = options;
  const maxRequestBytes = options.maxRequestBytes ?? 2 ** 20;
  const configJson = JSON.stringify(options.config);
  const forwarded = transports.map(() => 0);
  let inFlight = 0;

  const forward = async (index: number, request: IncomingMessage, response: ServerResponse) => {
    const transport = transports[index];
    if (transport === undefined)
      return send(response, 404, `no host ${index}: there are ${transports.length}`);
    if (request.method !== 'POST') return send(response, 405, 'only POST is forwarded', { Allow: 'POST' });
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!XML_TYPES.has(type))
      return send(response, 415, 'only text/xml or application/xml bodies are forwarded');
    if (inFlight >= maxInFlight) return send(response, 503, `${maxInFlight} requests in flight already`);
    inFlight++;
    response.on('close', () => inFlight--);
    let body: Buffer;
    try {
      body = await readRequestBody(request, maxRequestBytes);
    } catch (error) {
      const { status, message } = error as RequestBodyError;
      return send(response, status, message, { Connection: 'close' });
    }
    forwarded[index]!++;
    const subscription = transport({
      body: body.toString('utf8'),
      headers: { 'Content-Type': 'text/xml' },
    }).subscribe({
      next: (xml) => send(response, 200, xml, { 'Content-Type': 'text/xml; charset=utf-8' }),
      error: (error: unknown) => send(response, 502, upstreamProblem(error)),
    });
    response.on('close', () => subscription.unsubscribe());
  };

  const listenHost = options.host ?? '127.0.0.1';
  const server = createServer({ requestTimeout: 60_000 }, (request, response) => {
    if (!hostAllowed(listenHost, request.headers.host)) {
      send(
        response,
        403,
        `Host ${JSON.stringify(request.headers.host ?? '')} refused: open the dashboard at its loopback address`,
      );
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const rpc = RPC_PATH.exec(path);
    if (rpc) {
      forward(Number(rpc[1]), request, response).catch((error: Error) => {
        if (response.headersSent) response.destroy();
        else send(response, 500, `dashboard server error: ${error.message}`);
      });
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'the page and its config are read with GET', { Allow: 'GET, HEAD' });
    } else if (path === '/') {
      send(response, 200, page, { 'Content-Type': 'text/html; charset=utf-8' });
    } else if (path === '/config.json') {
      send(response, 200, configJson, { 'Content-Type': 'application/json; charset=utf-8' });
    } else {
      send(response, 404, 'not found: the dashboard serves /, /config.json and POST /rpc/<n>');
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/`,
        forwarded,
        close() {
          closing ??= new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

/** Sends `text` (plain text unless a `Content-Type` is given) with its length; no-op once the client left. */
function send(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed || response.headersSent) return;
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(body);
}
