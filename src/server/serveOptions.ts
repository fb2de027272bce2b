import type { IncomingMessage } from 'node:http';
import { integerOption } from '../codec/integerOption.js';
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
  /** Options for the handler answering each request. */
  readonly handlerOptions?: XmlRpcHandlerOptions;
  /**
   * Called for every HTTP request as it arrives, before anything is read or checked. If it throws,
   * the request is answered 500 and the error goes to `handlerOptions.onError` (method undefined).
   */
  readonly onRequest?: (request: IncomingMessage) => void;
}

/** {@link ServeXmlRpcOptions} after defaults and checks. */
export interface NormalizedServeOptions {
  readonly methods: XmlRpcMethods;
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly maxRequestBytes: number;
  readonly handlerOptions: NormalizedHandlerOptions;
  readonly onRequest: ((request: IncomingMessage) => void) | undefined;
}

const DEFAULT_SERVE_OPTIONS = {
  port: 0,
  host: '127.0.0.1',
  path: '/RPC2',
  maxRequestBytes: 16 * 1024 * 1024,
} as const;

/** Applies defaults and rejects nonsense server options before anything listens. */
export function normalizeServeOptions(options: ServeXmlRpcOptions): NormalizedServeOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('`options` must be an object with at least `methods`');
  }
  const d = DEFAULT_SERVE_OPTIONS;
  const path = options.path ?? d.path;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`\`path\` must be a string starting with "/": ${String(path)}`);
  }
  const host = options.host ?? d.host;
  if (typeof host !== 'string' || host === '') throw new TypeError(`\`host\` must be a non-empty string`);
  if (options.onRequest !== undefined && typeof options.onRequest !== 'function') {
    throw new TypeError('`onRequest` must be a function');
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
    handlerOptions: normalizeHandlerOptions(options.handlerOptions),
    onRequest: options.onRequest,
  };
}
