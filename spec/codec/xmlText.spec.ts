import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { encodeValue } from '../../src/codec/encodeValue.js';
import { quoteForXml } from '../../src/codec/quoteForXml.js';
import { decodeInner, encodeErrorOf, member, parseErrorOf } from './documents.js';

/** XML 1.0 text rules, both directions (src/codec/xmlText.ts and the CDATA/line-end parts of the gate). */

const string = (text: string) => decodeInner(`<string>${text}</string>`);

describe('references', () => {
  it('decodes the five predefined entities', () => {
    expect(string('&amp;&lt;&gt;&quot;&apos;')).toBe('&<>"\'');
  });

  it('decodes decimal and hex character references, astral ones included', () => {
    expect(string('&#65;&#x41;&#x6a;&#x6A;')).toBe('AAjj');
    expect(string('&#x1F600;&#128512;')).toBe('😀😀');
    expect(string('&#9;&#10;&#13;')).toBe('\t\n\r');
    expect(string('&#0000000065;&#x000000041;')).toBe('AA');
  });

  it('decodes exactly once', () => {
    expect(string('&amp;lt;')).toBe('&lt;');
    expect(string('&amp;amp;')).toBe('&amp;');
    expect(string('&#38;lt;')).toBe('&lt;');
    expect(string('&#x26;#65;')).toBe('&#65;');
  });

  it('decodes references in untyped values and member names', () => {
    expect(decodeInner('a &lt; b')).toBe('a < b');
    expect(decodeInner(`<struct>${member('&lt;k&gt;', 'v&amp;')}</struct>`)).toEqual({ '<k>': 'v&' });
  });

  it.each([
    ['nbsp', '&nbsp;'],
    ['an HTML entity', '&eacute;'],
    ['a case variant', '&AMP;'],
    ['constructor (an Object.prototype key)', '&constructor;'],
    ['__proto__', '&__proto__;'],
    ['toString', '&toString;'],
    ['an uppercase X', '&#X41;'],
    ['an empty decimal reference', '&#;'],
    ['an empty hex reference', '&#x;'],
    ['a hex digit in a decimal reference', '&#6a;'],
  ])('refuses %s', (_, text) => {
    expect(parseErrorOf(() => string(`a${text}b`)).message).toBe(
      `undefined entity or bad character reference at methodResponse/params/param/value/string: ${JSON.stringify(text)}`,
    );
  });

  it.each([
    ['a lone &', 'a & b'],
    ['& at the end', 'a&'],
    ['&;', 'a&;'],
    ['a reference without ;', 'a&#65 b'],
  ])('refuses %s as a bare "&"', (_, text) => {
    expect(parseErrorOf(() => string(text)).message).toMatch(
      /^(bare "&" in text \(write &amp;\)|undefined entity)/,
    );
  });

  it('quotes a bare "&" shortly', () => {
    expect(parseErrorOf(() => string('Tom & Jerry')).message).toBe(
      'bare "&" in text (write &amp;) at methodResponse/params/param/value/string: "& Jerry"',
    );
  });

  it.each([
    ['NUL', '&#0;'],
    ['NUL in hex', '&#x0;'],
    ['a C0 control', '&#1;'],
    ['a high surrogate', '&#xD800;'],
    ['a low surrogate', '&#xDFFF;'],
    ['U+FFFE', '&#xFFFE;'],
    ['U+FFFF', '&#65535;'],
    ['past U+10FFFF', '&#x110000;'],
    ['a huge number', '&#99999999999999999999;'],
  ])('refuses a reference to %s', (_, text) => {
    expect(parseErrorOf(() => string(text)).message).toContain('undefined entity or bad character reference');
  });
});

describe('raw characters', () => {
  it.each([
    ['U+0000', '\u0000'],
    ['U+0001', '\u0001'],
    ['U+0008', '\u0008'],
    ['U+000B', '\u000B'],
    ['U+000C', '\u000C'],
    ['U+001F', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['D800', '\uD800'],
    ['DC00', '\uDC00'],
  ])('refuses raw %s in text', (code, char) => {
    expect(parseErrorOf(() => string(`ab${char}cd`)).message).toBe(
      `character U+${code.replace('U+', '')} is not allowed in XML at methodResponse/params/param/value/string: ${quoteForXml(`ab${char}cd`)}`,
    );
  });

  it('refuses them in untyped values, scalars and names too', () => {
    expect(parseErrorOf(() => decodeInner('a\u0001')).path).toBe('methodResponse/params/param/value');
    expect(parseErrorOf(() => decodeInner('<int>1\u0000</int>')).path).toBe(
      'methodResponse/params/param/value/int',
    );
    expect(parseErrorOf(() => decodeInner(`<struct>${member('a\u0002', '1')}</struct>`)).path).toBe(
      'methodResponse/params/param/value/struct/member[1]',
    );
  });

  it('accepts tab, line feed, DEL, C1 controls and surrogate pairs', () => {
    expect(string('\t\n\u007F\u0085😀')).toBe('\t\n\u007F\u0085😀');
  });
});

describe('CDATA', () => {
  it('is literal text', () => {
    expect(string('<![CDATA[<b>&amp; &nbsp; & </b>]]>')).toBe('<b>&amp; &nbsp; & </b>');
    expect(string('<![CDATA[]]>')).toBe('');
    expect(string('<![CDATA[ ]] ] > ]]>')).toBe(' ]] ] > ');
  });

  it('mixes with text and references', () => {
    expect(string('a<![CDATA[<]]>b&amp;c<![CDATA[&amp;]]>')).toBe('a<b&c&amp;');
    expect(decodeInner('x<![CDATA[&]]>y')).toBe('x&y');
    expect(decodeInner(`<struct>${member('<![CDATA[a<b]]>', '1')}</struct>`)).toEqual({ 'a<b': '1' });
  });

  it('refuses characters XML forbids inside it', () => {
    expect(() => string('<![CDATA[a\u0001b]]>')).toThrow(/character U\+0001 is not allowed in XML/);
  });
});

describe('comments', () => {
  it('are ignored anywhere', () => {
    const xml =
      '<?xml version="1.0"?><!-- a --><methodResponse><!-- b --><params><!-- c --><param><!-- d --><value><!-- e -->' +
      '<struct><!-- f --><member><!-- g --><name>k<!-- h -->ey</name><!-- i --><value><!-- j --><string>a<!-- k -->b</string></value></member></struct>' +
      '<!-- l --></value><!-- m --></param></params></methodResponse><!-- n -->';
    expect(decodeMethodResponse(xml)).toEqual({ key: 'ab' });
  });

  it('join the text around them', () => {
    expect(decodeInner('<int>1<!-- -->2</int>')).toBe(12);
    expect(decodeInner('a<!-- <value>not markup</value> -->b')).toBe('ab');
    expect(decodeInner('<!-- only a comment -->')).toBe('');
  });
});

describe('line ends', () => {
  it('reads a literal CR LF or lone CR as LF', () => {
    expect(string('a\r\nb')).toBe('a\nb');
    expect(string('a\rb')).toBe('a\nb');
    expect(string('a\r\r\nb\n\rc')).toBe('a\n\nb\n\nc');
    expect(decodeInner('\r\n')).toBe('\n');
    expect(string('<![CDATA[a\r\nb]]>')).toBe('a\nb');
  });

  it('keeps &#13; as CR', () => {
    expect(string('a&#13;b')).toBe('a\rb');
    expect(string('a&#13;&#10;b&#xD;')).toBe('a\r\nb\r');
  });

  it('accepts CR LF line ends between elements', () => {
    expect(
      decodeMethodResponse(
        '<?xml version="1.0"?>\r\n<methodResponse>\r\n<params>\r\n<param>\r\n<value><int>1</int></value>\r\n</param>\r\n</params>\r\n</methodResponse>\r\n',
      ),
    ).toBe(1);
  });
});

describe('encoding text', () => {
  it('escapes &, < and >, and nothing else', () => {
    expect(encodeValue('a&b<c>d"e\'f')).toBe('<value><string>a&amp;b&lt;c&gt;d"e\'f</string></value>');
    expect(encodeValue('&amp;')).toBe('<value><string>&amp;amp;</string></value>');
    expect(encodeValue(']]>')).toBe('<value><string>]]&gt;</string></value>');
  });

  it('writes CR as &#13;, so it survives the reader`s line-end normalization', () => {
    expect(encodeValue('a\r\nb\rc')).toBe('<value><string>a&#13;\nb&#13;c</string></value>');
    expect(decodeMethodResponse(encodeMethodResponse('a\r\nb\rc'))).toBe('a\r\nb\rc');
  });

  it('escapes member names and method names', () => {
    expect(encodeValue({ '<&>': 1 })).toBe(
      '<value><struct><member><name>&lt;&amp;&gt;</name><value><int>1</int></value></member></struct></value>',
    );
    expect(encodeMethodCall('a<b', [])).toContain('<methodName>a&lt;b</methodName>');
  });

  it('keeps tab, LF, DEL and surrogate pairs as they are', () => {
    expect(encodeValue('\t\n\u007F😀')).toBe('<value><string>\t\n\u007F😀</string></value>');
  });

  it.each([
    ['U+0000', 'a\u0000b', 1],
    ['U+0001', '\u0001', 0],
    ['U+001F', 'ab\u001F', 2],
    ['U+FFFE', '\uFFFE', 0],
    ['U+FFFF', 'x\uFFFF', 1],
    ['U+D800', 'lone \uD800 high', 5],
    ['U+DC00', 'lone \uDC00 low', 5],
    ['U+D83D', 'cut pair \uD83D', 9],
    ['U+DE00', '\uDE00\uD83D', 0],
  ])('refuses %s with an XmlRpcEncodeError naming the path', (code, text, index) => {
    const error = encodeErrorOf(() => encodeMethodCall('m', [1, { servers: [{ name: text }] }]));
    expect(error.message).toBe(
      `character ${code} at index ${index} cannot be carried by XML 1.0 at params[1].servers[0].name`,
    );
    expect(error.path).toBe('params[1].servers[0].name');
  });

  it('refuses such characters in member names and method names', () => {
    expect(encodeErrorOf(() => encodeValue({ 'a\u0000': 1 })).path).toBe('value["a\\u0000"]');
    expect(encodeErrorOf(() => encodeMethodCall('m\u0000', [])).path).toBe('methodName');
  });
});
