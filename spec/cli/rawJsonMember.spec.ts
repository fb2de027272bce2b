import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawJsonMember } from '../../src/cli/rawJsonMember.js';

describe('rawJsonMember', () => {
  it.each([
    ['{"id": 1.50, "method": "m"}', '1.50'],
    ['{"id":12345678901234567890}', '12345678901234567890'],
    ['{"id":-0}', '-0'],
    ['{"id":1e3}', '1e3'],
    ['{"id":"a \\"quoted\\" \\\\ id"}', '"a \\"quoted\\" \\\\ id"'],
    ['{"id":true}', 'true'],
    ['{"id":null}', 'null'],
    ['{"id":{"a": [1, "}"]}, "x": 1}', '{"a": [1, "}"]}'],
    ['{"id":[]}', '[]'],
    [' \t{ "method" : "m" , "id" :\n7\r\n } ', '7'],
  ])('finds the text of the member in %j', (json, raw) => {
    expect(rawJsonMember(json, 'id')).toBe(raw);
  });

  it('skips members of nested objects and strings that look like the name', () => {
    expect(rawJsonMember('{"params": [{"id": 1}], "x": "\\"id\\": 2", "id": 3}', 'id')).toBe('3');
    expect(rawJsonMember('{"params": {"id": 1}}', 'id')).toBeUndefined();
  });

  it('takes the last of repeated members, as JSON.parse does', () => {
    expect(rawJsonMember('{"id": 1, "id": 2}', 'id')).toBe('2');
  });

  it('finds names written with escapes', () => {
    expect(rawJsonMember('{"\\u0069d": 5}', 'id')).toBe('5');
  });

  it('is undefined for an empty object', () => {
    expect(rawJsonMember('{}', 'id')).toBeUndefined();
  });

  it('always returns text that parses to what JSON.parse gives the member', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (object, name) => {
        const json = JSON.stringify(object, null, 1);
        const raw = rawJsonMember(json, name);
        const parsed = JSON.parse(json) as Record<string, unknown>;
        if (Object.hasOwn(parsed, name)) expect(JSON.parse(raw!)).toEqual(parsed[name]);
        else expect(raw).toBeUndefined();
      }),
    );
  });
});
