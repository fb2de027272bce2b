import { shownValue } from '../codec/messageParts.js';
import { objectOption } from '../codec/optionChecks.js';

/** The `cors` option of {@link serveXmlRpc}: which browser pages may call the endpoint. */
export interface ServeCorsOptions {
  /**
   * The origins allowed, each exactly as a browser sends it in `Origin`: scheme, host and port, with
   * no path or trailing slash (`'http://localhost:4200'`, `'https://ops.example.com'`).
   */
  readonly origins: readonly string[];
}

/** The set of allowed origins, checked: `undefined` when `cors` is not given (CORS off). */
export function corsOriginsOption(cors: ServeCorsOptions | undefined): ReadonlySet<string> | undefined {
  if (cors === undefined) return undefined;
  const { origins } = objectOption('cors', cors, false);
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new TypeError(
      `\`cors.origins\` must be a non-empty array of origins such as "http://localhost:4200", but got ${shownValue(origins)}`,
    );
  }
  for (const origin of origins) {
    if (typeof origin !== 'string' || !isOrigin(origin)) {
      throw new TypeError(
        `\`cors.origins\` must hold origins (scheme://host[:port], no path or trailing slash), but got ${shownValue(origin)}`,
      );
    }
  }
  return new Set(origins);
}

/** Whether `text` is an origin as browsers send it: what `URL` reduces it to is itself. */
function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

/**
 * The CORS headers of an answer to a request from `origin`: `Vary: Origin` whenever CORS is on (the
 * answer depends on it, which caches must know), and `Access-Control-Allow-Origin` for an allowed
 * origin only. Every answer gets them, errors included, so that a page can read a 413 or a 500.
 */
export function corsHeaders(
  origins: ReadonlySet<string> | undefined,
  origin: string | undefined,
): Record<string, string> {
  if (origins === undefined) return {};
  if (origin === undefined || !origins.has(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/**
 * What a preflight from an allowed origin is told: POST with the two headers transports send
 * (`Authorization` for Basic auth), remembered for 10 minutes so that polling does not double its
 * requests.
 */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'POST',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Max-Age': '600',
};
