import type { BasicAuthCredentials } from '../Transport.js';

/** A URL without its user-info part, and the credentials that part held. */
export interface SplitUrl {
  /** The URL to request: unchanged when it held no credentials. */
  readonly url: string;
  /** The percent-decoded user name and password, when the URL held any. */
  readonly credentials?: BasicAuthCredentials;
}

/**
 * Takes `user:pass@` out of an absolute URL. fetch refuses URLs with credentials, XHR would only
 * send them after a 401 challenge, and error messages quote the URL: so the transports send the
 * credentials as an `Authorization` header and keep only the stripped URL.
 *
 * A string that does not parse as an absolute URL (a relative path such as `/RPC2` in a browser)
 * cannot carry credentials in a form the transports accept and is returned as given.
 *
 * @throws TypeError When a percent escape in the credentials is malformed.
 */
export function splitUrlCredentials(url: string): SplitUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (parsed.username === '' && parsed.password === '') return { url };
  let credentials: BasicAuthCredentials;
  try {
    credentials = {
      username: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
  } catch {
    throw new TypeError('`url` credentials hold a malformed percent escape (write "%" itself as "%25")');
  }
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, credentials };
}
