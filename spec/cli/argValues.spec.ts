import { describe, expect, it } from 'vitest';
import {
  durationArg,
  formatDuration,
  integerArg,
  namesArg,
  sizeArg,
  urlArg,
} from '../../src/cli/argValues.js';
import { UsageError } from '../../src/cli/Command.js';

describe('integerArg', () => {
  it('reads a whole number in range, or the fallback when absent', () => {
    expect(integerArg('n', '0', 5, 0, 10)).toBe(0);
    expect(integerArg('n', '10', 5, 0, 10)).toBe(10);
    expect(integerArg('n', undefined, 5, 0, 10)).toBe(5);
  });

  it.each(['', '-1', '11', '1.5', '1e1', ' 1', '0x1', 'ten'])('rejects %j', (text) => {
    expect(() => integerArg('n', text, 5, 0, 10)).toThrow(
      new UsageError(`--n must be a whole number from 0 to 10, but got ${JSON.stringify(text)}`),
    );
  });
});

describe('durationArg', () => {
  it.each([
    ['250ms', 250],
    ['1s', 1000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['3', 3000],
    [undefined, 42],
  ])('reads %j as %d ms', (text, ms) => {
    expect(durationArg('every', text, 42)).toBe(ms);
  });

  it.each(['0', '0ms', '0.5ms', '1h', '-1s', 's', '1 s', ''])('rejects %j', (text) => {
    expect(() => durationArg('every', text, 42)).toThrow(
      new UsageError(
        `--every must be a duration such as 500ms, 1s or 2m (at least 1ms), but got ${JSON.stringify(text)}`,
      ),
    );
  });
});

describe('sizeArg', () => {
  it.each([
    ['1', 1],
    ['500000', 500_000],
    ['300B', 300],
    ['500kB', 500_000],
    ['500KB', 500_000],
    ['64MB', 64_000_000],
    ['2GB', 2_000_000_000],
    ['2KiB', 2048],
    ['64MiB', 64 * 2 ** 20],
    ['1GiB', 2 ** 30],
    [undefined, 'absent'],
  ])('reads %j as %j', (text, bytes) => {
    expect(sizeArg('max-response', text, 'absent')).toBe(bytes);
  });

  it.each(['0', '0MB', '1.5MB', '-1', '64 MB', '64mb', '64M', 'MB', '', '99999999999GiB'])(
    'rejects %j',
    (text) => {
      expect(() => sizeArg('max-response', text, undefined)).toThrow(
        new UsageError(
          `--max-response must be a size such as 500000, 500kB or 64MiB (at least 1 byte), but got ${JSON.stringify(text)}`,
        ),
      );
    },
  );
});

describe('namesArg', () => {
  it('reads names separated by commas, in order and as written', () => {
    expect(namesArg('columns', 'name,statename,pid')).toEqual(['name', 'statename', 'pid']);
    expect(namesArg('columns', 'only')).toEqual(['only']);
    expect(namesArg('columns', 'a b, c')).toEqual(['a b', ' c']);
    expect(namesArg('columns', undefined)).toBeUndefined();
  });

  it.each([',', 'a,', ',a'])('rejects the empty name in %j', (text) => {
    expect(() => namesArg('columns', text)).toThrow(
      new UsageError(`--columns must be member names separated by commas, but got ${JSON.stringify(text)}`),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [1000, '1s'],
    [1500, '1.5s'],
    [1100, '1.1s'],
    [60_000, '60s'],
    [250, '250ms'],
    [1001, '1001ms'],
  ])('writes %d ms as %s, which durationArg reads back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(durationArg('every', text, 0)).toBe(ms);
  });
});

describe('urlArg', () => {
  it('accepts http and https URLs, credentials included', () => {
    expect(urlArg('http://user:pass@127.0.0.1:9001/RPC2')).toBe('http://user:pass@127.0.0.1:9001/RPC2');
    expect(urlArg('https://example.com/xmlrpc')).toBe('https://example.com/xmlrpc');
  });

  it('rejects a missing, malformed or non-HTTP URL', () => {
    expect(() => urlArg(undefined)).toThrow(new UsageError('missing URL'));
    expect(() => urlArg('127.0.0.1:9001')).toThrow(
      new UsageError('URL must start with http:// or https://, but got "127.0.0.1:9001"'),
    );
    expect(() => urlArg('http://')).toThrow(
      new UsageError('URL must start with http:// or https://, but got "http://"'),
    );
    expect(() => urlArg('localhost:9001')).toThrow(
      new UsageError('URL must start with http:// or https://, but got "localhost:9001"'),
    );
  });

  it('never quotes the credentials of a refused URL', () => {
    expect(() => urlArg('htp://admin:s3cret@127.0.0.1:9001/RPC2')).toThrow(
      new UsageError('URL must start with http:// or https://, but got "htp://…@127.0.0.1:9001/RPC2"'),
    );
    expect(() => urlArg('ftp://admin:s3cret@host/a@b')).toThrow(
      new UsageError('URL must start with http:// or https://, but got "ftp://…@host/a@b"'),
    );
  });
});
