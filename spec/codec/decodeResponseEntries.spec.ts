import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { member, parseErrorOf, response } from './documents.js';

/** `decodeResponseEntries`: a top-level array param is decoded entry by entry, each in its own slot. */

const array = (...entries: string[]) =>
  response(`<value><array><data>${entries.join('')}</data></array></value>`);
const DATA = 'methodResponse/params/param/value/array/data';

describe('decodeResponseEntries', () => {
  it('decodes an array param entry by entry', () => {
    const xml = encodeMethodResponse([[1], { faultCode: 4, faultString: 'x' }, ['a', [true]]]);
    expect(decodeResponseEntries(xml)).toEqual({
      kind: 'array',
      entries: [[1], { faultCode: 4, faultString: 'x' }, ['a', [true]]],
    });
  });

  it('returns any other param as a single value', () => {
    expect(decodeResponseEntries(encodeMethodResponse({ a: [1] }))).toEqual({
      kind: 'value',
      value: { a: [1] },
    });
    expect(decodeResponseEntries(response('<value>text</value>'))).toEqual({ kind: 'value', value: 'text' });
    expect(decodeResponseEntries(response('<value/>'))).toEqual({ kind: 'value', value: '' });
  });

  it('reads an empty array as no entries, however it is written', () => {
    expect(decodeResponseEntries(encodeMethodResponse([]))).toEqual({ kind: 'array', entries: [] });
    expect(decodeResponseEntries(array())).toEqual({ kind: 'array', entries: [] });
    expect(decodeResponseEntries(response('<value><array><data/></array></value>'))).toEqual({
      kind: 'array',
      entries: [],
    });
  });

  it('tolerates whitespace and comments around the array and its entries', () => {
    const xml = response(
      '\n<value>\n <array>\n  <!-- c --><data>\n   <value>1</value>\n <!-- c -->\n   <value><int>2</int></value>\n  </data>\n </array>\n</value>\n',
    );
    expect(decodeResponseEntries(xml)).toEqual({ kind: 'array', entries: ['1', 2] });
    const commentFirst = response('<value><!-- c --><array><data><value>1</value></data></array></value>');
    expect(decodeResponseEntries(commentFirst)).toEqual({ kind: 'array', entries: ['1'] });
  });

  it.each([
    ['a bad integer', '<value><int>x</int></value>', `not an integer at ${DATA}/value[2]/int: "x"`],
    ['an unknown type', '<value><foo/></value>', `unknown value type <foo> at ${DATA}/value[2]/foo`],
    [
      'mixed content',
      '<value>a<int>1</int></value>',
      `unexpected text beside <int> at ${DATA}/value[2]: "a"`,
    ],
    ['a bare &', '<value>a & b</value>', `bare "&" in text (write &amp;) at ${DATA}/value[2]: "& b"`],
    [
      'a raw control character',
      '<value>\u0001</value>',
      `character U+0001 is not allowed in XML at ${DATA}/value[2]: "\\u0001"`,
    ],
    [
      'an element other than <value>',
      '<int>1</int>',
      `<data> may hold only <value>, not <int> at ${DATA}/value[2]`,
    ],
    [
      'a bad member deep inside',
      `<value><struct>${member('a', '1')}${member('b', '<array><data><value><boolean>2</boolean></value></data></array>')}</struct></value>`,
      `boolean must be 0 or 1 at ${DATA}/value[2]/struct/member[2]/value/array/data/value[1]/boolean: "2"`,
    ],
  ])('turns %s into an XmlRpcParseError in its slot only', (_, bad, message) => {
    const xml = array('<value>first</value>', bad, '<value><i4>3</i4></value>');
    const result = decodeResponseEntries(xml);
    expect(result.kind).toBe('array');
    const { entries } = result as { entries: unknown[] };
    expect(entries).toHaveLength(3);
    expect(entries[0]).toBe('first');
    expect(entries[2]).toBe(3);
    expect(entries[1]).toBeInstanceOf(XmlRpcParseError);
    expect((entries[1] as XmlRpcParseError).message).toBe(message);

    // decodeMethodResponse wants the whole value, so the entry's error is its error.
    expect(parseErrorOf(() => decodeMethodResponse(xml)).message).toBe(message);
  });

  it('lets decodeMethodResponse throw the first bad entry', () => {
    const xml = array('<value>1</value>', '<value><int>a</int></value>', '<value><int>b</int></value>');
    expect(parseErrorOf(() => decodeMethodResponse(xml)).path).toBe(`${DATA}/value[2]/int`);
    const { entries } = decodeResponseEntries(xml) as { entries: unknown[] };
    expect((entries[2] as XmlRpcParseError).path).toBe(`${DATA}/value[3]/int`);
  });

  it('still throws for a document that is malformed as a whole', () => {
    // Good entries do not save a broken envelope or broken XML.
    expect(() => decodeResponseEntries(array('<value>1</value>').replace('</params>', ''))).toThrow(
      XmlRpcParseError,
    );
    expect(() => decodeResponseEntries(array('<value>1</value>', 'junk'))).toThrow(
      `unexpected text at ${DATA}: "junk"`,
    );
    expect(() => decodeResponseEntries(array('<value>1</value>', '<value>2</int>'))).toThrow(
      /close tag does not match <value>/,
    );
    const afterArray = response('<value><array><data><value>1</value></data></array>x</value>');
    expect(() => decodeResponseEntries(afterArray)).toThrow(
      'unexpected text at methodResponse/params/param/value: "x"',
    );
  });

  it('throws XmlRpcFault for a fault response', () => {
    const xml = encodeFault(-32601, 'no such method');
    for (const decode of [decodeResponseEntries, decodeMethodResponse]) {
      let fault: unknown;
      try {
        decode(xml);
      } catch (error) {
        fault = error;
      }
      expect(fault).toBeInstanceOf(XmlRpcFault);
      expect(fault).toMatchObject({ faultCode: -32601, faultString: 'no such method' });
    }
  });
});
