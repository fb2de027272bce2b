import { describe, expect, it } from 'vitest';
import { readCallLine } from '../../src/cli/readCallLine.js';
import { asI8 } from '../../src/codec/XmlRpcValue.js';

describe('readCallLine', () => {
  it('reads a call, keyed by its id as written', () => {
    expect(readCallLine('{"id": 1.0, "method": "m", "params": ["a", {"$i8": "5"}]}', 3)).toEqual({
      ok: true,
      call: { methodName: 'm', params: ['a', asI8(5n)], key: '"id":1.0' },
    });
  });

  it('defaults params to [] and keys a call without id by its line number', () => {
    expect(readCallLine('{"method": "m"}', 12)).toEqual({
      ok: true,
      call: { methodName: 'm', params: [], key: '"line":12' },
    });
  });

  it.each([
    ['nope', '"line":4', /^line 4 is not JSON: /],
    ['[1]', '"line":4', 'line 4 must be an object {"id": …, "method": "…", "params": […]}'],
    ['"m"', '"line":4', 'line 4 must be an object {"id": …, "method": "…", "params": […]}'],
    ['null', '"line":4', 'line 4 must be an object {"id": …, "method": "…", "params": […]}'],
    ['{"params": []}', '"line":4', 'line 4: "method" must be a non-empty string'],
    ['{"id": "x", "method": 5}', '"id":"x","line":4', 'line 4: "method" must be a non-empty string'],
    ['{"id": [1], "method": "m", "params": {}}', '"id":[1],"line":4', 'line 4: "params" must be an array'],
    [
      '{"id": 2, "methodName": "m"}',
      '"id":2,"line":4',
      'line 4: unknown member "methodName" (expected id, method, params)',
    ],
    [
      '{"id": 2, "method": "m", "params": [1, {"$int": "1"}]}',
      '"id":2,"line":4',
      'line 4: params[1]: $int needs an integer in 32 bits, but got "1"',
    ],
    [
      '{"id": 2, "method": "m", "params": [1, 9007199254740993]}',
      '"id":2,"line":4',
      'line 4: params[1]: 9007199254740993 is an integer past 2^53, which a JSON number cannot carry exactly; ' +
        'write {"$i8": "9007199254740993"} (or {"$double": 9007199254740993} for a double)',
    ],
  ])('reports %j as a problem of its line', (text, key, problem) => {
    const read = readCallLine(text, 4);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.key).toBe(key);
    if (typeof problem === 'string') expect(read.problem).toBe(problem);
    else expect(read.problem).toMatch(problem);
  });
});
