import { describe, expect, it } from 'vitest';
import { splitUrlCredentials } from '../../../src/transport/internal/splitUrlCredentials.js';

describe('splitUrlCredentials', () => {
  it('returns a URL without credentials exactly as given', () => {
    for (const url of ['http://h', 'HTTP://H:80/a/../RPC2', '/RPC2', 'RPC2', '//h/RPC2']) {
      expect(splitUrlCredentials(url)).toEqual({ url });
    }
  });

  it('takes percent-decoded credentials out of the URL', () => {
    expect(splitUrlCredentials('http://us%40er:p%25ss%2Fw@h:9001/RPC2?q#f')).toEqual({
      url: 'http://h:9001/RPC2?q#f',
      credentials: { username: 'us@er', password: 'p%ss/w' },
    });
    expect(splitUrlCredentials('http://:only-password@h/')).toEqual({
      url: 'http://h/',
      credentials: { username: '', password: 'only-password' },
    });
  });

  it('refuses a malformed percent escape', () => {
    expect(() => splitUrlCredentials('http://a:%E0%A4@h/')).toThrow(TypeError);
  });
});
