import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { shownValue } from '../../codec/messageParts.js';
import { numberOption, schedulerOption } from '../../codec/optionChecks.js';
import type { TransportOptions } from '../Transport.js';
import { basicAuthorization } from './basicAuthorization.js';
import { splitUrlCredentials } from './splitUrlCredentials.js';

/** {@link TransportOptions} after defaults and checks, with the credentials moved into `headers`. */
export interface NormalizedTransportOptions {
  /** The endpoint without credentials: the URL requested and quoted in error messages. */
  readonly url: string;
  /** The user's headers plus `Authorization` when credentials were given. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly scheduler: SchedulerLike;
}

const DEFAULT_TRANSPORT_OPTIONS = {
  timeoutMs: 30_000,
  maxResponseBytes: 64 * 1024 * 1024,
} as const;

/** Longest finite timer delay: `setTimeout` fires at once for anything longer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks `headers` is a record of strings, so a bad value fails here and not inside fetch or XHR. */
function checkHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError(
      `\`headers\` must be an object of header names to strings, but got ${shownValue(headers)}`,
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new TypeError(
        `\`headers[${JSON.stringify(name)}]\` must be a string, but got ${shownValue(value)}`,
      );
    }
  }
  return headers as Readonly<Record<string, string>>;
}

/** A path the page resolves the endpoint against: "/RPC2", "./RPC2", "../RPC2" (or "//host/RPC2"). */
const RELATIVE_REFERENCE = /^\.{0,2}\//;
/** What an absolute URL starts with: a scheme and ":". */
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
/** What a URL missing its "http://" starts with: `[user:pass@]host[:port]`, then a path or nothing. */
const HOST_AND_PORT = /^(?:[^/?#@]*@)?(\[[\da-f:.]+\]|[a-z\d-]+(?:\.[a-z\d-]+)*)(:\d+)?(?:[/?#]|$)/i;

/**
 * Refuses a URL that is neither an absolute http(s) URL nor an explicit relative path: fetch would
 * fail on it at the first request, and a browser would silently take `127.0.0.1:9001/RPC2` for a path
 * under the page (or `localhost:9001/RPC2` for a URL of scheme "localhost:").
 */
function checkUrl(url: string): void {
  if (RELATIVE_REFERENCE.test(url) || isHttpUrl(url)) return;
  throw new TypeError(
    '`url` must be an absolute http: or https: URL, or a path starting with "/", "./" or "../", but ' +
      `got ${JSON.stringify(withoutCredentials(url))}${urlHint(url.trim())}`,
  );
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The URL probably meant: with "http://" for what looks like a host, with "./" for a bare path. */
function urlHint(url: string): string {
  const [, host = '', port] = HOST_AND_PORT.exec(url) ?? [];
  if (
    port !== undefined ||
    host.startsWith('[') ||
    host.includes('.') ||
    host.toLowerCase() === 'localhost'
  ) {
    return `; did you mean ${JSON.stringify(withoutCredentials(`http://${url}`))}?`;
  }
  if (!SCHEME.test(url)) return `; did you mean ${JSON.stringify(`./${url}`)} (a path relative to the page)?`;
  return '';
}

/** `url` with any `user:password@` replaced by `…@`, so a refused URL can be quoted. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z\d+.-]*:\/\/)?[^/?#@]*@/i, '$1…@');
}

/** Checks the shape of the `auth` option (TypeScript users get this from the types; others do not). */
function checkAuth(auth: unknown): void {
  const { username, password } = (auth ?? {}) as Record<string, unknown>;
  if (typeof auth !== 'object' || typeof username !== 'string' || typeof password !== 'string') {
    throw new TypeError('`auth` must be an object with string `username` and `password`');
  }
}

/**
 * Applies defaults and rejects nonsense options once, when the transport is created: every check
 * names the option in backticks. Credentials from the URL or `auth` become an `Authorization`
 * header here, and the URL loses them, so no later code (or error message) can leak them.
 *
 * @param url The endpoint, possibly with `user:pass@`.
 * @param options The user's options.
 * @throws TypeError / RangeError Naming the offending option.
 */
export function normalizeTransportOptions(
  url: string,
  options: TransportOptions,
): NormalizedTransportOptions {
  if (typeof url !== 'string' || url === '') {
    throw new TypeError(`\`url\` must be a non-empty string, but got ${shownValue(url)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`transport options must be an object, but got ${shownValue(options)}`);
  }
  checkUrl(url);
  const split = splitUrlCredentials(url);
  const headers = checkHeaders(options.headers);
  let authorization: string | undefined;
  if (options.auth !== undefined) {
    checkAuth(options.auth);
    if (split.credentials) throw new TypeError('Give credentials in `url` or in `auth`, not both');
    authorization = basicAuthorization(options.auth, '`auth`');
  } else if (split.credentials) {
    authorization = basicAuthorization(split.credentials, '`url`');
  }
  if (
    authorization !== undefined &&
    Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
  ) {
    throw new TypeError('Give `headers.Authorization` or credentials (`auth` or in `url`), not both');
  }
  const d = DEFAULT_TRANSPORT_OPTIONS;
  return {
    url: split.url,
    headers: authorization === undefined ? headers : { ...headers, Authorization: authorization },
    timeoutMs: numberOption('timeoutMs', options.timeoutMs, d.timeoutMs, {
      min: 1,
      max: MAX_TIMER_MS,
      fractions: true,
      infinity: true,
    }),
    maxResponseBytes: numberOption('maxResponseBytes', options.maxResponseBytes, d.maxResponseBytes, {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      infinity: true,
    }),
    scheduler: schedulerOption(options.scheduler, asyncScheduler),
  };
}
