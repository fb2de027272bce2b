import type { IncomingMessage } from 'node:http';
import { shownValue } from '../codec/messageParts.js';
import { functionOption, integerOption, objectOption } from '../codec/optionChecks.js';
import { corsOriginsOption, type ServeCorsOptions } from './corsHeaders.js';
import {
  type NormalizedHandlerOptions,
  normalizeHandlerOptions,
  type XmlRpcHandlerOptions,
} from './handlerOptions.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/** Options of {@link serveXmlRpc}. */
export interface ServeXmlRpcOptions {
  /** The methods to answer, as for {@link createXmlRpcHandler}. */
  readonly methods: XmlRpcMethods;
  /** TCP port; default 0, a free port chosen by the system (read it from the returned handle). */
  readonly port?: number;
  /** Interface to listen on; default `'127.0.0.1'`, so nothing is exposed beyond this machine by accident. */
  readonly host?: string;
  /** URL path of the endpoint; default `'/RPC2'` (other paths get 404). */
  readonly path?: string;
  /** Largest request body accepted, in bytes after decompression; default 16 MiB (larger gets 413). */
  readonly maxRequestBytes?: number;
  /**
   * Time a client has to send a request's headers, from the moment it connects (or, on a
   * keep-alive connection, from the first byte of the request); default 10,000 ms. Past it the
   * client gets 408 and the connection is closed, so a client trickling headers (slowloris) cannot
   * hold it. At most `requestTimeoutMs` (a shorter `requestTimeoutMs` lowers the default to it).
   */
  readonly headersTimeoutMs?: number;
  /**
   * Time a client has to send a whole request, headers and body; default 30,000 ms (a 16 MiB body
   * then needs about 4.5 Mbit/s). Past it the client gets 408 and the connection is closed. The time
   * a method takes to answer does not count.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Time a connection may wait on the client with nothing moving; default 5,000 ms. It closes a
   * keep-alive connection left idle between requests, and one whose client stops reading the
   * response being sent (which would otherwise stay in memory for good). The time a method takes
   * to answer does not count.
   */
  readonly idleTimeoutMs?: number;
  /**
   * Most connections open at once; default 512. A connection beyond it is closed as soon as it is
   * accepted, without an answer, while those already open go on.
   */
  readonly maxConnections?: number;
  /** Options for the handler answering each request. */
  readonly handlerOptions?: XmlRpcHandlerOptions;
  /**
   * Called for every HTTP request as it arrives, before anything is read or checked. If it throws,
   * the request is answered 500 and the error goes to `handlerOptions.onError` (method undefined).
   */
  readonly onRequest?: (request: IncomingMessage) => void;
  /**
   * Lets pages from other origins call the endpoint from a browser (CORS); off by default. A
   * preflight `OPTIONS` from one of `cors.origins` is answered 204, allowing POST with `Content-Type`
   * and `Authorization` for 10 minutes; every answer to such an origin carries
   * `Access-Control-Allow-Origin`. Other origins get no CORS header, so browsers keep their pages out.
   */
  readonly cors?: ServeCorsOptions;
}

/** {@link ServeXmlRpcOptions} after defaults and checks. */
export interface NormalizedServeOptions {
  readonly methods: XmlRpcMethods;
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly maxRequestBytes: number;
  /** Times in milliseconds as `node:http` takes them: 0 for none (from `Infinity`). */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly handlerOptions: NormalizedHandlerOptions;
  readonly onRequest: ((request: IncomingMessage) => void) | undefined;
  /** The origins `cors` allows; `undefined` when CORS is off. */
  readonly corsOrigins: ReadonlySet<string> | undefined;
}

const DEFAULT_SERVE_OPTIONS = {
  port: 0,
  host: '127.0.0.1',
  path: '/RPC2',
  maxRequestBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  maxConnections: 512,
} as const;

/** Longest delay Node's timers take; anything longer means no timeout at all. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout option in milliseconds, from 1 to `Infinity`; 0 (Node's "none") for `Infinity` or past any timer. */
function timeoutOption(name: string, value: number | undefined, fallback: number): number {
  const ms = integerOption(name, value, fallback);
  return ms > MAX_TIMER_MS ? 0 : ms;
}

/** Applies defaults and rejects nonsense server options before anything listens. */
export function normalizeServeOptions(options: ServeXmlRpcOptions): NormalizedServeOptions {
  objectOption('options', options, false);
  const d = DEFAULT_SERVE_OPTIONS;
  const path = options.path ?? d.path;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`\`path\` must be a string starting with "/", but got ${shownValue(path)}`);
  }
  const host = options.host ?? d.host;
  if (typeof host !== 'string' || host === '') {
    throw new TypeError(`\`host\` must be a non-empty string, but got ${shownValue(host)}`);
  }
  const onRequest = functionOption('onRequest', options.onRequest);
  const requestTimeoutMs = timeoutOption('requestTimeoutMs', options.requestTimeoutMs, d.requestTimeoutMs);
  const headersTimeoutMs = timeoutOption(
    'headersTimeoutMs',
    options.headersTimeoutMs,
    requestTimeoutMs === 0 ? d.headersTimeoutMs : Math.min(d.headersTimeoutMs, requestTimeoutMs),
  );
  // What node:http demands: headers cannot be given longer than the whole request.
  if (requestTimeoutMs !== 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(
      `\`headersTimeoutMs\` must be at most \`requestTimeoutMs\` (${requestTimeoutMs}), but got ${options.headersTimeoutMs}`,
    );
  }
  return {
    methods: options.methods,
    port: integerOption('port', options.port, d.port, 0, 65535),
    host,
    path,
    maxRequestBytes: integerOption(
      'maxRequestBytes',
      options.maxRequestBytes,
      d.maxRequestBytes,
      1,
      2 ** 31 - 1,
    ),
    headersTimeoutMs,
    requestTimeoutMs,
    idleTimeoutMs: timeoutOption('idleTimeoutMs', options.idleTimeoutMs, d.idleTimeoutMs),
    maxConnections: integerOption('maxConnections', options.maxConnections, d.maxConnections),
    handlerOptions: normalizeHandlerOptions(options.handlerOptions),
    onRequest,
    corsOrigins: corsOriginsOption(options.cors),
  };
}
