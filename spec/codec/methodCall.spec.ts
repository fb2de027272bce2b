import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { asDouble, asI8, type XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { encodeMulticall } from '../../src/multicall/encodeMulticall.js';
import { parseErrorOf } from './documents.js';

/** `<methodCall>` both ways (src/codec/encodeMethodCall.ts, src/codec/decodeMethodCall.ts). */

const call = (inside: string) => `<?xml version="1.0"?><methodCall>${inside}</methodCall>`;

describe('encodeMethodCall', () => {
  it('writes the declaration, the method name and one <param> per param', () => {
    expect(encodeMethodCall('examples.getStateName', [41, 'x'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>examples.getStateName</methodName><params>' +
        '<param><value><int>41</int></value></param><param><value><string>x</string></value></param></params></methodCall>',
    );
  });

  it('writes an empty params element for no params', () => {
    expect(encodeMethodCall('system.listMethods', [])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>system.listMethods</methodName><params></params></methodCall>',
    );
  });

  it.each([
    ['', '""'],
    ['   ', '"   "'],
    [5, '5'],
    [null, 'null'],
  ])('refuses the method name %j with the XmlRpcEncodeError encodeMulticall throws', (methodName, shown) => {
    const problem = `the method name must be a non-empty string, but got ${shown}`;
    expect(() => encodeMethodCall(methodName as string, [])).toThrow(
      new XmlRpcEncodeError(problem, 'methodName'),
    );
    expect(() => encodeMulticall([{ methodName: methodName as string, params: [] }])).toThrow(
      new XmlRpcEncodeError(problem, 'calls[0].methodName'),
    );
  });

  it('round-trips through decodeMethodCall', () => {
    const params: XmlRpcParam[] = [1, 'two', { three: [3, asDouble(3), asI8(3)] }, null, true, new Date(0)];
    expect(decodeMethodCall(encodeMethodCall('a.b<c', params))).toEqual({
      methodName: 'a.b<c',
      params: [1, 'two', { three: [3, 3, 3] }, null, true, new Date(0)],
    });
  });
});

describe('decodeMethodCall', () => {
  it('reads the method name and params', () => {
    const xml = call(
      '<methodName>examples.getStateName</methodName><params><param><value><i4>41</i4></value></param><param><value>s</value></param></params>',
    );
    expect(decodeMethodCall(xml)).toEqual({ methodName: 'examples.getStateName', params: [41, 's'] });
  });

  it.each([
    ['absent', ''],
    ['<params/>', '<params/>'],
    ['empty', '<params></params>'],
    ['only whitespace and comments', '<params>\n <!-- none -->\n</params>'],
  ])('reads params %s as []', (_, params) => {
    expect(decodeMethodCall(call(`<methodName>m</methodName>${params}`))).toEqual({
      methodName: 'm',
      params: [],
    });
  });

  it('trims the method name and decodes its references', () => {
    expect(decodeMethodCall(call('<methodName>\n  a&amp;b \n</methodName>')).methodName).toBe('a&b');
  });

  it('tolerates whitespace and comments between envelope elements', () => {
    const xml = call(
      '\n <!-- x --> <methodName>m</methodName>\n <params>\n <param>\n <value><int>1</int></value>\n </param>\n </params>\n',
    );
    expect(decodeMethodCall(xml)).toEqual({ methodName: 'm', params: [1] });
  });

  it.each([
    ['an empty method name', '<methodName></methodName>', 'methodName is empty at methodCall/methodName'],
    ['a blank method name', '<methodName> </methodName>', 'methodName is empty at methodCall/methodName'],
    ['<methodName/>', '<methodName/>', 'methodName is empty at methodCall/methodName'],
    ['no method name', '<params></params>', 'expected <methodName>, found <params> at methodCall'],
    ['nothing at all', '', 'missing <methodName> at methodCall'],
    [
      'an element in the method name',
      '<methodName><b>m</b></methodName>',
      'unexpected element <b> inside text at methodCall/methodName',
    ],
    [
      'two method names',
      '<methodName>a</methodName><methodName>b</methodName>',
      'unexpected element <methodName> at methodCall',
    ],
    [
      'params before the method name',
      '<params></params><methodName>m</methodName>',
      'expected <methodName>, found <params> at methodCall',
    ],
    [
      'a param without a value',
      '<methodName>m</methodName><params><param></param></params>',
      'missing <value> at methodCall/params/param[1]/value',
    ],
    [
      'an empty <param/>',
      '<methodName>m</methodName><params><param/></params>',
      'empty <param/> at methodCall/params/param[1]',
    ],
    [
      'two values in a param',
      '<methodName>m</methodName><params><param><value>1</value><value>2</value></param></params>',
      'unexpected element <value> at methodCall/params/param[1]',
    ],
    [
      'an unknown element in params',
      '<methodName>m</methodName><params><value>1</value></params>',
      'expected <param>, found <value> at methodCall/params/param[1]',
    ],
    [
      'an element after params',
      '<methodName>m</methodName><params></params><extra/>',
      'unexpected element <extra> at methodCall',
    ],
    ['text in the envelope', '<methodName>m</methodName>text', 'unexpected text at methodCall: "text"'],
    [
      'a bad value',
      '<methodName>m</methodName><params><param><value>1</value></param><param><value><int>1.5</int></value></param></params>',
      'not an integer at methodCall/params/param[2]/value/int: "1.5"',
    ],
  ])('refuses %s', (_, inside, message) => {
    expect(parseErrorOf(() => decodeMethodCall(call(inside))).message).toBe(message);
  });

  it('refuses a methodResponse', () => {
    expect(parseErrorOf(() => decodeMethodCall('<methodResponse/>')).message).toBe(
      'expected <methodCall>, found <methodResponse> at methodCall',
    );
  });
});
