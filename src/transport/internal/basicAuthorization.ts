import { encodeBase64 } from '../../codec/base64.js';
import type { BasicAuthCredentials } from '../Transport.js';

const utf8 = new TextEncoder();

/**
 * The `Authorization` header value for HTTP Basic auth: `Basic base64(username ":" password)`, the
 * pair encoded as UTF-8 (RFC 7617's `charset="UTF-8"`; `btoa` would refuse anything beyond Latin-1).
 *
 * @param credentials The user name (without `:`) and password.
 * @param source Names where the credentials came from, for the error message.
 * @throws TypeError When the user name contains `:`, which the receiver would split at.
 */
export function basicAuthorization(credentials: BasicAuthCredentials, source: string): string {
  if (credentials.username.includes(':')) {
    throw new TypeError(`${source} user name must not contain ":" (HTTP Basic auth splits at the first ":")`);
  }
  return `Basic ${encodeBase64(utf8.encode(`${credentials.username}:${credentials.password}`))}`;
}
