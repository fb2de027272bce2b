import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/Command.js';
import { parseWatchedCall } from '../../src/cli/parseWatchedCall.js';
import { asI8 } from '../../src/codec/XmlRpcValue.js';

describe('parseWatchedCall', () => {
  it('reads a method name alone', () => {
    expect(parseWatchedCall('supervisor.getState')).toEqual({
      methodName: 'supervisor.getState',
      params: [],
      label: 'supervisor.getState',
    });
  });

  it('reads params in parentheses as comma-separated JSON in the notation', () => {
    expect(parseWatchedCall('echo("web", {"$i8": "5"}, [1, 2])')).toEqual({
      methodName: 'echo',
      params: ['web', asI8(5n), [1, 2]],
      label: 'echo("web", {"$i8": "5"}, [1, 2])',
    });
    expect(parseWatchedCall('ns:a/b.m()')).toMatchObject({ methodName: 'ns:a/b.m', params: [] });
  });

  it.each([
    ['', 'empty METHOD'],
    ['("x")', 'missing method name before "(" in "(\\"x\\")"'],
    ['m("x"', '"m(\\"x\\"" must end with ")"'],
    ['m(web)', 'the params of "m(web)" are not comma-separated JSON values'],
    ['m({"$i8": "x"})', 'm params[0]: $i8 needs a string of digits or a safe integer, but got "x"'],
    [
      'm(1, [9007199254740993])',
      'm params[1][0]: 9007199254740993 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$i8": "9007199254740993"} (or {"$double": 9007199254740993} for a double)',
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseWatchedCall(text)).toThrow(new UsageError(message));
  });
});
