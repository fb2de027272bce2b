import { asyncScheduler, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { normalizeTransportOptions } from '../../../src/transport/internal/normalizeTransportOptions.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('normalizeTransportOptions', () => {
  it('applies the defaults', () => {
    expect(normalizeTransportOptions('http://h/RPC2', {})).toEqual({
      url: 'http://h/RPC2',
      headers: {},
      timeoutMs: 30_000,
      maxResponseBytes: 64 * 1024 * 1024,
      scheduler: asyncScheduler,
    });
  });

  it('keeps given values, Infinity included', () => {
    const scheduler = new VirtualTimeScheduler();
    const options = { headers: { A: 'b' }, timeoutMs: Infinity, maxResponseBytes: Infinity, scheduler };
    expect(normalizeTransportOptions('/RPC2', options)).toEqual({ url: '/RPC2', ...options });
  });

  it('moves URL credentials into an Authorization header', () => {
    expect(
      normalizeTransportOptions('https://a%20b:c%3Ad@h:8443/x?y', { headers: { X: '1' } }),
    ).toMatchObject({
      url: 'https://h:8443/x?y',
      headers: { X: '1', Authorization: basic('a b:c:d') },
    });
    expect(normalizeTransportOptions('http://user@h/', {}).headers).toEqual({
      Authorization: basic('user:'),
    });
  });

  it('turns `auth` into an Authorization header', () => {
    expect(normalizeTransportOptions('http://h/', { auth: { username: 'ü', password: '' } }).headers).toEqual(
      {
        Authorization: basic('ü:'),
      },
    );
  });

  it.each([
    ['`url` must be a non-empty string, but got ""', () => normalizeTransportOptions('', {})],
    [
      '`url` must be a non-empty string, but got undefined',
      () => normalizeTransportOptions(undefined as never, {}),
    ],
    [
      'transport options must be an object, but got null',
      () => normalizeTransportOptions('/x', null as never),
    ],
    [
      '`headers` must be an object of header names to strings, but got an array',
      () => normalizeTransportOptions('/x', { headers: [] as never }),
    ],
    [
      '`headers["X"]` must be a string, but got 1',
      () => normalizeTransportOptions('/x', { headers: { X: 1 as never } }),
    ],
    [
      '`auth` must be an object with string `username` and `password`',
      () => normalizeTransportOptions('/x', { auth: { username: 'a' } as never }),
    ],
    [
      '`auth` must be an object with string `username` and `password`',
      () => normalizeTransportOptions('/x', { auth: 'a:b' as never }),
    ],
    [
      '`auth` user name must not contain ":" (HTTP Basic auth splits at the first ":")',
      () => normalizeTransportOptions('/x', { auth: { username: 'a:b', password: '' } }),
    ],
    [
      '`url` user name must not contain ":" (HTTP Basic auth splits at the first ":")',
      () => normalizeTransportOptions('http://a%3Ab:c@h/', {}),
    ],
    [
      '`url` credentials hold a malformed percent escape (write "%" itself as "%25")',
      () => normalizeTransportOptions('http://a%zz:b@h/', {}),
    ],
    [
      'Give credentials in `url` or in `auth`, not both',
      () => normalizeTransportOptions('http://a:b@h/', { auth: { username: 'a', password: 'b' } }),
    ],
    [
      'Give `headers.Authorization` or credentials (`auth` or in `url`), not both',
      () => normalizeTransportOptions('http://a:b@h/', { headers: { authorization: 'Bearer x' } }),
    ],
  ])('throws TypeError: %s', (message, act) => {
    expect(act).toThrow(new TypeError(message));
  });

  it.each([
    ['`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got 0', { timeoutMs: 0 }],
    ['`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got NaN', { timeoutMs: Number.NaN }],
    [
      '`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got 2147483648',
      { timeoutMs: 2 ** 31 },
    ],
    [
      '`maxResponseBytes` must be an integer from 1 to 9007199254740991 or Infinity, but got -1',
      { maxResponseBytes: -1 },
    ],
    [
      '`maxResponseBytes` must be an integer from 1 to 9007199254740991 or Infinity, but got 0.5',
      { maxResponseBytes: 0.5 },
    ],
  ])('throws RangeError: %s', (message, options) => {
    expect(() => normalizeTransportOptions('/x', options)).toThrow(new RangeError(message));
  });

  it('throws a TypeError for a limit that is not a number', () => {
    const refusal = '`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got "5"';
    expect(() => normalizeTransportOptions('/x', { timeoutMs: '5' as never })).toThrow(
      new TypeError(refusal),
    );
    expect(() => normalizeTransportOptions('/x', { timeoutMs: '5' as never })).toThrow(TypeError);
  });

  describe('`url`', () => {
    const refusal = (shown: string, hint = '') =>
      new TypeError(
        '`url` must be an absolute http: or https: URL, or a path starting with "/", "./" or "../", ' +
          `but got ${shown}${hint}`,
      );

    it.each([
      ['http://127.0.0.1:9001/RPC2'],
      ['https://example.org/xmlrpc.php'],
      ['HTTP://EXAMPLE.ORG'],
      ['http://[::1]:8000/'],
      ['/RPC2'],
      ['./RPC2'],
      ['../api/RPC2'],
      ['//example.org/RPC2'],
    ])('accepts %s', (url) => {
      expect(() => normalizeTransportOptions(url, {})).not.toThrow();
    });

    it.each([
      // new URL() takes "localhost:" for a scheme: refused, with the URL meant.
      [
        'localhost:9001/RPC2',
        refusal('"localhost:9001/RPC2"', '; did you mean "http://localhost:9001/RPC2"?'),
      ],
      [
        '127.0.0.1:9001/RPC2',
        refusal('"127.0.0.1:9001/RPC2"', '; did you mean "http://127.0.0.1:9001/RPC2"?'),
      ],
      [
        'example.org/xmlrpc.php',
        refusal('"example.org/xmlrpc.php"', '; did you mean "http://example.org/xmlrpc.php"?'),
      ],
      ['localhost', refusal('"localhost"', '; did you mean "http://localhost"?')],
      ['[::1]:9001', refusal('"[::1]:9001"', '; did you mean "http://[::1]:9001"?')],
      ['RPC2', refusal('"RPC2"', '; did you mean "./RPC2" (a path relative to the page)?')],
      ['api/RPC2', refusal('"api/RPC2"', '; did you mean "./api/RPC2" (a path relative to the page)?')],
      ['ftp://example.org/RPC2', refusal('"ftp://example.org/RPC2"')],
      ['file:///tmp/socket', refusal('"file:///tmp/socket"')],
      ['http://', refusal('"http://"')],
      // Credentials never reach a message, not even in the hint.
      [
        'admin:secret@127.0.0.1:9001/RPC2',
        refusal('"…@127.0.0.1:9001/RPC2"', '; did you mean "http://…@127.0.0.1:9001/RPC2"?'),
      ],
      ['ftp://admin:secret@example.org/', refusal('"ftp://…@example.org/"')],
    ])('refuses %s', (url, error) => {
      expect(() => normalizeTransportOptions(url, {})).toThrow(error);
    });
  });

  it('refuses a scheduler without `now` and `schedule`', () => {
    expect(() => normalizeTransportOptions('/x', { scheduler: { now: () => 0 } as never })).toThrow(
      new TypeError(
        '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
          '`asapScheduler`), but got an object',
      ),
    );
  });

  it('allows an Authorization header when no credentials are given', () => {
    expect(normalizeTransportOptions('/x', { headers: { Authorization: 'Bearer t' } }).headers).toEqual({
      Authorization: 'Bearer t',
    });
  });
});
