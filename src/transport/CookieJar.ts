/** One stored cookie (RFC 6265 section 5.3), keyed by name, domain and path. */
interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** Lower-cased host or domain, without a leading dot. */
  readonly domain: string;
  /** True without a `Domain` attribute: sent back to exactly that host, not its subdomains. */
  readonly hostOnly: boolean;
  readonly path: string;
  /** Milliseconds since the epoch; `Infinity` for a session cookie. */
  readonly expires: number;
  /** Sent over https only. */
  readonly secure: boolean;
}

/** Options of {@link CookieJar}. */
export interface CookieJarOptions {
  /** The clock expiry is judged by, in milliseconds since the epoch (tests pass a fake one). Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The most cookies one jar keeps (RFC 6265 section 6.1's figure): a server that sets new ones
 * without end pushes the oldest out rather than growing the client's memory.
 */
export const MAX_STORED_COOKIES = 3000;

/** An IPv4 or bracketed IPv6 host: such hosts never match a `Domain` other than themselves. */
const IP_HOST = /^(\d+\.\d+\.\d+\.\d+|\[.*\])$/;

/**
 * An in-memory cookie store for {@link nodeHttpTransport}'s `cookies` option: keeps the cookies a
 * server sets (`Set-Cookie`) and gives the `Cookie` header that goes back with a request, as a
 * browser would for a session login.
 *
 * Honours RFC 6265's basics: `Domain` (host-only without it; a domain the host is not in is
 * refused), `Path` (the request path's directory without it), `Expires` and `Max-Age` (which wins;
 * an expired cookie deletes the stored one), and `Secure` (https only). There is no public-suffix
 * list: the jar belongs to one client talking to servers it chose, not to a browser. It keeps at
 * most 3,000 cookies, the oldest set going first. One jar may be
 * shared by several transports, so that they share a login.
 *
 * @example Log in once; later calls carry the session cookie
 * ```ts
 * import { CookieJar, nodeHttpTransport } from 'rxjs-xmlrpc/node';
 *
 * const jar = new CookieJar();
 * const transport = nodeHttpTransport('https://example.org/xmlrpc', { cookies: jar });
 * console.log(jar.cookieHeader(new URL('https://example.org/xmlrpc'))); // undefined until a server sets one
 * ```
 */
export class CookieJar {
  readonly #now: () => number;
  /** By `name;domain;path`, so a later `Set-Cookie` of the same cookie replaces it. */
  readonly #cookies = new Map<string, StoredCookie>();

  constructor(options: CookieJarOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  /**
   * Stores the cookies of a response's `Set-Cookie` headers, received from `url`. Malformed ones
   * and ones for a domain `url` is not in are ignored, as a browser ignores them.
   */
  setCookies(url: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const cookie = this.#parse(url, header);
      if (cookie === undefined) continue;
      const key = `${cookie.name};${cookie.domain};${cookie.path}`;
      if (cookie.expires <= this.#now()) {
        this.#cookies.delete(key);
        continue;
      }
      if (!this.#cookies.has(key) && this.#cookies.size >= MAX_STORED_COOKIES) {
        // Maps iterate in insertion order: the first key is the oldest cookie.
        this.#cookies.delete(this.#cookies.keys().next().value!);
      }
      this.#cookies.set(key, cookie);
    }
  }

  /**
   * The `Cookie` header value for a request to `url` (`name=value; name2=value2`, longer paths
   * first), or `undefined` when no stored cookie applies. Expired cookies are dropped here.
   */
  cookieHeader(url: URL): string | undefined {
    const now = this.#now();
    const host = url.hostname.toLowerCase();
    const matching: StoredCookie[] = [];
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expires <= now) {
        this.#cookies.delete(key);
        continue;
      }
      const domainMatches = cookie.hostOnly ? host === cookie.domain : domainMatch(host, cookie.domain);
      if (
        domainMatches &&
        pathMatch(url.pathname, cookie.path) &&
        (!cookie.secure || url.protocol === 'https:')
      ) {
        matching.push(cookie);
      }
    }
    if (matching.length === 0) return undefined;
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map(({ name, value }) => `${name}=${value}`).join('; ');
  }

  /** One `Set-Cookie` header as a stored cookie, or `undefined` when it must be ignored. */
  #parse(url: URL, header: string): StoredCookie | undefined {
    const [pair = '', ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator < 0) return undefined;
    const name = pair.slice(0, separator).trim();
    if (name === '') return undefined;
    const host = url.hostname.toLowerCase();
    let domain = host;
    let hostOnly = true;
    let path: string | undefined;
    let expires = Infinity;
    let maxAge: number | undefined;
    let secure = false;
    for (const attribute of attributes) {
      const equals = attribute.indexOf('=');
      const key = (equals < 0 ? attribute : attribute.slice(0, equals)).trim().toLowerCase();
      const value = equals < 0 ? '' : attribute.slice(equals + 1).trim();
      if (key === 'domain' && value !== '') {
        domain = value.replace(/^\./, '').toLowerCase();
        hostOnly = false;
      } else if (key === 'path' && value.startsWith('/')) {
        path = value;
      } else if (key === 'expires') {
        const time = Date.parse(value);
        if (!Number.isNaN(time)) expires = time;
      } else if (key === 'max-age' && /^-?\d+$/.test(value)) {
        maxAge = Number(value);
      } else if (key === 'secure') {
        secure = true;
      }
    }
    if (!hostOnly && !domainMatch(host, domain)) return undefined;
    if (maxAge !== undefined) expires = maxAge <= 0 ? -Infinity : this.#now() + maxAge * 1000;
    return {
      name,
      value: pair.slice(separator + 1).trim(),
      domain,
      hostOnly,
      path: path ?? defaultPath(url.pathname),
      expires,
      secure,
    };
  }
}

/** RFC 6265 5.1.3: the host is the domain, or a name under it (never for an IP address). */
function domainMatch(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && !IP_HOST.test(host));
}

/** RFC 6265 5.1.4: the cookie path is the request path, or a directory prefix of it. */
function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** RFC 6265 5.1.4: the request path up to, not including, its last "/"; "/" when that is empty. */
function defaultPath(requestPath: string): string {
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}
