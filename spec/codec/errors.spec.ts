import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { excerpt } from '../../src/codec/messageParts.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { decodeInner, encodeErrorOf, member, parseErrorOf, response } from './documents.js';

/** What the codec's errors say: what was wrong, where (element or value path), and the offending text, shortened. */

const struct = (third: string) =>
  `<struct>${member('a', '1')}${member('b', '2')}<member><name>c</name><value>${third}</value></member></struct>`;

describe('parse error messages', () => {
  it('name the element path of the problem and quote the offending text', () => {
    const error = parseErrorOf(() => decodeInner(struct('x<int>1</int>')));
    expect(error.message).toBe(
      'unexpected text beside <int> at methodResponse/params/param/value/struct/member[3]/value: "x"',
    );
    expect(error.path).toBe('methodResponse/params/param/value/struct/member[3]/value');
    expect(error.text).toBe('x');
  });

  it('add the type element when the problem is inside it', () => {
    expect(parseErrorOf(() => decodeInner(struct('<int>12,5</int>'))).message).toBe(
      'not an integer at methodResponse/params/param/value/struct/member[3]/value/int: "12,5"',
    );
  });

  it('count array entries and struct members from 1, through any nesting', () => {
    const deep = `<array><data><value>0</value><value>${struct('<array><data><value/><value><double>x</double></value></data></array>')}</value></data></array>`;
    expect(parseErrorOf(() => decodeInner(`<struct>${member('outer', deep)}</struct>`)).path).toBe(
      'methodResponse/params/param/value/struct/member[1]/value/array/data/value[2]/struct/member[3]/value/array/data/value[2]/double',
    );
  });

  it('shorten long offending text to 60 characters', () => {
    const long = `${'9'.repeat(100_000)}x`;
    const error = parseErrorOf(() => decodeInner(`<int>${long}</int>`));
    expect(error.message).toBe(
      `not an integer at methodResponse/params/param/value/int: "${'9'.repeat(60)}…"`,
    );
    expect(error.text).toBe('9'.repeat(60));
  });

  it('quote control characters readably', () => {
    expect(excerpt('a\u0000"b')).toBe('"a\\u0000\\"b"');
    expect(excerpt('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('say where a document-level problem is, without a path when there is none', () => {
    const trailing = parseErrorOf(() => decodeMethodResponse(`${response('<value>1</value>')}junk`));
    expect(trailing.message).toBe('content after the root element: "junk"');
    expect(trailing.path).toBeUndefined();
    const open = parseErrorOf(() => decodeMethodResponse('<methodResponse><params>'));
    expect(open.message).toBe('truncated document: <params> is not closed at methodResponse/params');
  });

  it('keep the message short for a huge bad document', () => {
    const error = parseErrorOf(() => decodeMethodResponse(`<methodResponse>${'x'.repeat(5_000_000)}`));
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('encode error messages', () => {
  it('name the value path, such as params[1].servers[0].port', () => {
    const error = encodeErrorOf(() =>
      encodeMethodCall('m', ['a', { servers: [{ host: 'h', port: Number.NaN }] }]),
    );
    expect(error.message).toBe(
      'NaN cannot be sent: XML-RPC has no NaN or Infinity at params[1].servers[0].port',
    );
    expect(error.path).toBe('params[1].servers[0].port');
  });
});

describe('error classes', () => {
  it('all extend XmlRpcError and Error, with their own names', () => {
    const parse = new XmlRpcParseError('bad', { path: 'methodResponse', text: 'x' });
    const encode = new XmlRpcEncodeError('bad', 'params[0]');
    const fault = new XmlRpcFault(4, 'Too many params');
    for (const [error, name] of [
      [parse, 'XmlRpcParseError'],
      [encode, 'XmlRpcEncodeError'],
      [fault, 'XmlRpcFault'],
    ] as const) {
      expect(error).toBeInstanceOf(XmlRpcError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
    expect(parse.message).toBe('bad at methodResponse: "x"');
    expect(encode.message).toBe('bad at params[0]');
    expect(fault.message).toBe('XML-RPC fault 4: Too many params');
    expect(fault).toMatchObject({ faultCode: 4, faultString: 'Too many params' });
  });

  it('keep path and text when copied for one call of a batch', () => {
    const error = parseErrorOf(() => decodeInner('<int>x</int>'));
    const copy = error.forCall({ index: 1, methodName: 'm', batchSize: 3 });
    expect(copy).toBeInstanceOf(XmlRpcParseError);
    expect(copy).toMatchObject({ path: error.path, text: 'x', index: 1, methodName: 'm', batchSize: 3 });
    expect(copy.message).toBe(`m (call 2 of 3): ${error.message}`);
    expect(error.index).toBeUndefined();
  });

  it('carry a cause when given one', () => {
    const cause = new Error('inner');
    expect(new XmlRpcParseError('bad', { cause }).cause).toBe(cause);
    expect(new XmlRpcParseError('bad').cause).toBeUndefined();
  });
});

describe('XmlRpcParseError.wellFormed', () => {
  it.each([
    ['an unclosed element', '<methodResponse><params>'],
    ['a close tag sharing a prefix', response('<value><int>1</intx></value>')],
    ['a bare ampersand', response('<value><string>a & b</string></value>')],
    ['an undefined entity', response('<value><string>&nbsp;</string></value>')],
    ['a DOCTYPE', '<!DOCTYPE x><methodResponse/>'],
    ['content after the root', `${response('<value><int>1</int></value>')}<extra/>`],
  ])('is false for %s: the document is not XML at all', (_, xml) => {
    expect(parseErrorOf(() => decodeMethodResponse(xml)).wellFormed).toBe(false);
  });

  it.each([
    ['an unknown type', response('<value><float>1</float></value>')],
    ['a bad integer', response('<value><int>x</int></value>')],
    ['a wrong envelope', '<methodResponse><params/></methodResponse>'],
    [
      'nesting over maxDepth',
      response('<value><array><data><value><array><data></data></array></value></data></array></value>'),
    ],
  ])('is true for %s: well-formed XML that is not valid XML-RPC or over a limit', (_, xml) => {
    expect(parseErrorOf(() => decodeMethodResponse(xml, { maxDepth: 1 })).wellFormed).toBe(true);
  });
});
