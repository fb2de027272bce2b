import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '../../../src/transport/internal/basicAuthorization.js';

describe('basicAuthorization', () => {
  it('encodes user:password as UTF-8 base64', () => {
    expect(basicAuthorization({ username: 'Aladdin', password: 'open sesame' }, '`auth`')).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
    expect(basicAuthorization({ username: 'test', password: '123£' }, '`auth`')).toBe(
      'Basic dGVzdDoxMjPCow==',
    );
  });

  it('allows ":" in the password but not in the user name', () => {
    expect(basicAuthorization({ username: 'a', password: 'b:c' }, '`auth`')).toBe(
      `Basic ${Buffer.from('a:b:c').toString('base64')}`,
    );
    expect(() => basicAuthorization({ username: 'a:b', password: 'c' }, '`url`')).toThrow(
      new TypeError('`url` user name must not contain ":" (HTTP Basic auth splits at the first ":")'),
    );
  });
});
