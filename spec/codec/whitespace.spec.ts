import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { decodeInner, faultResponse, member, parseErrorOf, response } from './documents.js';

/**
 * One notion of whitespace, XML's (S: space, tab, LF, CR), wherever the decoder skips or trims it;
 * `String.prototype.trim` and `\s` also take U+00A0, U+2028, U+FEFF… which XML calls characters.
 */

/** Characters JavaScript calls whitespace and XML does not. */
const NOT_XML_WHITESPACE = ['\u00A0', '\u2028', '\u2029', '\uFEFF', '\u0085', '\u3000', '\u2003'];
const DATA = 'methodResponse/params/param/value/array/data';
const array = (...entries: string[]) =>
  response(`<value><array><data>${entries.join('')}</data></array></value>`);
/** Over the size where responses are read entry by entry instead of by one txml call. */
const LARGE = `<value>${'x'.repeat(300 * 1024)}</value>`;

describe('XML whitespace', () => {
  it('is space, tab, LF and CR, skipped between elements and trimmed from scalars', () => {
    const xml = array('\t\n <value>\r\n<int> 1\t</int>\n</value>', ' \r\n\t');
    expect(decodeResponseEntries(xml)).toEqual({ kind: 'array', entries: [1] });
    expect(decodeResponseEntries(array(LARGE, ' \t\r\n<value>2</value>')).kind).toBe('array');
    expect(decodeInner('<boolean>\t1\r\n</boolean>')).toBe(true);
    expect(decodeInner('<double> 1.5\n</double>')).toBe(1.5);
    expect(decodeInner('<dateTime.iso8601>\r\n19980717T14:08:55\t</dateTime.iso8601>')).toEqual(
      new Date('1998-07-17T14:08:55Z'),
    );
  });

  it.each(NOT_XML_WHITESPACE)(
    'does not include %j between <data> entries, whatever the response size',
    (char) => {
      const small = array('<value>1</value>', char, '<value>2</value>');
      const large = array(LARGE, char, '<value>2</value>');
      for (const xml of [small, large]) {
        const error = parseErrorOf(() => decodeResponseEntries(xml));
        expect(error.message).toBe(`unexpected text at ${DATA}: ${JSON.stringify(char)}`);
        expect(error.wellFormed).toBe(true);
      }
    },
  );

  it.each(NOT_XML_WHITESPACE)('does not include %j around scalars', (char) => {
    const scalar = (type: string, text: string) => () => decodeInner(`<${type}>${char}${text}</${type}>`);
    expect(parseErrorOf(scalar('int', '1')).message).toMatch(/^not an integer at /);
    expect(parseErrorOf(scalar('i8', '1')).message).toMatch(/^not an integer at /);
    expect(parseErrorOf(scalar('boolean', '1')).message).toMatch(/^boolean must be 0 or 1 at /);
    expect(parseErrorOf(scalar('double', '1.5')).message).toMatch(/^not a double at /);
    expect(parseErrorOf(scalar('ex:bigdecimal', '1.5')).message).toMatch(/^not a decimal number at /);
    expect(parseErrorOf(scalar('dateTime.iso8601', '19980717T14:08:55')).message).toMatch(
      /^not an ISO 8601 date-time/,
    );
  });

  it.each(NOT_XML_WHITESPACE)('does not include %j beside elements', (char) => {
    expect(parseErrorOf(() => decodeInner(`${char}<int>1</int>`)).message).toBe(
      `unexpected text beside <int> at methodResponse/params/param/value: ${JSON.stringify(char)}`,
    );
    expect(() => decodeInner(`<struct>${char}${member('a', '1')}</struct>`)).toThrow(
      /^unexpected text beside elements at methodResponse\/params\/param\/value\/struct/,
    );
    expect(() => decodeInner(`<nil>${char}</nil>`)).toThrow('<nil/> must be empty');
    expect(() =>
      decodeMethodResponse(
        `<methodResponse>${char}<params><param><value>1</value></param></params></methodResponse>`,
      ),
    ).toThrow(`unexpected text at methodResponse: ${JSON.stringify(char)}`);
  });

  it.each(NOT_XML_WHITESPACE)('keeps %j at the ends of a method name and a struct member name', (char) => {
    const call = (name: string) =>
      `<methodCall><methodName>${name}</methodName><params><param><value>${name}</value></param></params></methodCall>`;
    expect(decodeMethodCall(call(`${char}m${char}`))).toEqual({
      methodName: `${char}m${char}`,
      params: [`${char}m${char}`],
    });
    expect(decodeMethodCall(call(' \tm\n')).methodName).toBe('m');
    // A fault whose member is named "faultCode\u00A0" has no faultCode.
    const fault = faultResponse(`${member(`faultCode${char}`, '<int>4</int>')}${member('faultString', 'x')}`);
    expect(parseErrorOf(() => decodeMethodResponse(fault)).message).toMatch(/^fault must be a struct/);
  });

  it('finds a fault code whose member name is written with references or split by a comment', () => {
    for (const name of ['fault&#67;ode', 'fault<!-- c -->Code']) {
      const fault = faultResponse(`${member(name, '<int>4</int>')}${member('faultString', 'x')}`);
      expect(() => decodeMethodResponse(fault), name).toThrow(XmlRpcFault);
    }
  });

  it('checks the type of the faultCode member that counts: the last of a repeated name', () => {
    const members = (first: string, last: string) =>
      faultResponse(`${member('faultCode', first)}${member('faultString', 'x')}${member('faultCode', last)}`);
    expect(() => decodeMethodResponse(members('<string>x</string>', '<int>4</int>'))).toThrow(XmlRpcFault);
    expect(() => decodeMethodResponse(members('<int>4</int>', '<i8>4</i8>'))).toThrow(
      /^fault must be a struct/,
    );
  });

  it('lets the encoder refuse only the method names the decoder reads as empty', () => {
    expect(() => encodeMethodCall(' \t\r\n', [])).toThrow(XmlRpcEncodeError);
    const xml = encodeMethodCall('\u00A0', []);
    expect(decodeMethodCall(xml).methodName).toBe('\u00A0');
    expect(() => decodeMethodCall(xml.replace('\u00A0', ' '))).toThrow(XmlRpcParseError);
  });
});
