import { describe, expect, it } from 'vitest';
import { CookieJar, MAX_STORED_COOKIES } from '../../src/transport/CookieJar.js';

const at = (text: string) => new URL(text);

/** A jar on a clock the test moves. */
function jarAt(start = Date.UTC(2030, 0, 1)) {
  const clock = { now: start };
  return { jar: new CookieJar({ now: () => clock.now }), clock };
}

describe('CookieJar', () => {
  it('sends a cookie back to the host that set it, not to its subdomains or other hosts', () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://example.test/RPC2'), ['session=abc; HttpOnly']);
    expect(jar.cookieHeader(at('http://example.test/RPC2'))).toBe('session=abc');
    expect(jar.cookieHeader(at('http://api.example.test/RPC2'))).toBeUndefined();
    expect(jar.cookieHeader(at('http://other.test/RPC2'))).toBeUndefined();
  });

  it('sends a Domain cookie to the domain and its subdomains, and refuses a domain the host is not in', () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://api.example.test/'), ['a=1; Domain=.Example.test', 'b=2; Domain=other.test']);
    expect(jar.cookieHeader(at('http://example.test/'))).toBe('a=1');
    expect(jar.cookieHeader(at('http://x.api.example.test/'))).toBe('a=1');
    expect(jar.cookieHeader(at('http://notexample.test/'))).toBeUndefined();
    expect(jar.cookieHeader(at('http://other.test/'))).toBeUndefined();
  });

  it('never lets an IP address match a Domain other than itself', () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://10.0.0.1/'), ['a=1; Domain=0.0.1']);
    expect(jar.cookieHeader(at('http://10.0.0.1/'))).toBeUndefined();
    jar.setCookies(at('http://10.0.0.1/'), ['b=2; Domain=10.0.0.1']);
    expect(jar.cookieHeader(at('http://10.0.0.1/'))).toBe('b=2');
  });

  it("matches paths by directory, defaulting to the request path's directory, longer paths first", () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://h/app/xmlrpc/RPC2'), ['dir=1', 'root=2; Path=/', 'app=3; Path=/app']);
    expect(jar.cookieHeader(at('http://h/app/xmlrpc/RPC2'))).toBe('dir=1; app=3; root=2');
    expect(jar.cookieHeader(at('http://h/app/other'))).toBe('app=3; root=2');
    expect(jar.cookieHeader(at('http://h/application'))).toBe('root=2');
    jar.setCookies(at('http://h/RPC2'), ['top=4']);
    expect(jar.cookieHeader(at('http://h/anything'))).toBe('root=2; top=4');
  });

  it('expires cookies by Max-Age, which wins over Expires, and by Expires', () => {
    const { jar, clock } = jarAt();
    jar.setCookies(at('http://h/'), [
      'short=1; Max-Age=60; Expires=Wed, 01 Jan 2031 00:00:00 GMT',
      `dated=2; Expires=${new Date(clock.now + 120_000).toUTCString()}`,
      'session=3',
    ]);
    expect(jar.cookieHeader(at('http://h/'))).toBe('short=1; dated=2; session=3');
    clock.now += 60_000;
    expect(jar.cookieHeader(at('http://h/'))).toBe('dated=2; session=3');
    clock.now += 60_000;
    expect(jar.cookieHeader(at('http://h/'))).toBe('session=3');
  });

  it('replaces a cookie of the same name, domain and path, and deletes it with an expired one', () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://h/'), ['session=old', 'keep=1']);
    jar.setCookies(at('http://h/'), ['session=new']);
    expect(jar.cookieHeader(at('http://h/'))).toBe('session=new; keep=1');
    jar.setCookies(at('http://h/'), ['session=; Max-Age=0', 'keep=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.cookieHeader(at('http://h/'))).toBeUndefined();
  });

  it('keeps at most MAX_STORED_COOKIES, pushing the oldest out, whatever a server sets', () => {
    const { jar } = jarAt();
    const names = Array.from({ length: MAX_STORED_COOKIES + 2 }, (_, i) => `c${i}`);
    jar.setCookies(
      at('http://h/'),
      names.map((name) => `${name}=1`),
    );
    jar.setCookies(at('http://h/'), ['c5=2']); // a replacement pushes nothing out
    const sent = jar.cookieHeader(at('http://h/'))!.split('; ');
    expect(sent).toHaveLength(MAX_STORED_COOKIES);
    expect(sent.slice(0, 2)).toEqual(['c2=1', 'c3=1']);
    expect(sent).toContain('c5=2');
    expect(sent.at(-1)).toBe(`c${MAX_STORED_COOKIES + 1}=1`);
  });

  it('sends Secure cookies over https only', () => {
    const { jar } = jarAt();
    jar.setCookies(at('https://h/'), ['token=1; Secure', 'plain=2']);
    expect(jar.cookieHeader(at('https://h/'))).toBe('token=1; plain=2');
    expect(jar.cookieHeader(at('http://h/'))).toBe('plain=2');
  });

  it('ignores a Set-Cookie without a name or "=", and bad attribute values', () => {
    const { jar } = jarAt();
    jar.setCookies(at('http://h/a/b'), [
      'novalue',
      '=anonymous',
      'ok=1; Max-Age=soon; Expires=never; Path=relative',
    ]);
    expect(jar.cookieHeader(at('http://h/a/b'))).toBe('ok=1');
    expect(jar.cookieHeader(at('http://h/b'))).toBeUndefined(); // Path fell back to /a
  });
});
