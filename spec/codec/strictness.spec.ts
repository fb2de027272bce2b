import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { faultResponse, member, parseErrorOf, response } from './documents.js';

/** The "Strictness and safety" section: what txml would let through must not get through. */

const RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n  <params>\n    <param>\n      <value><array><data>' +
  '<value><struct><member><name>a&amp;b</name><value><i4>-12</i4></value></member>' +
  '<member><name>when</name><value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value></member></struct></value>' +
  '<value><![CDATA[<raw>]]> and &#x41;</value><value><base64>aGVsbG8=</base64></value><value/>' +
  '<value><!-- note --><double>-1.5e3</double></value><value><array><data/></array></value><value><nil/></value>' +
  '<value><boolean>1</boolean></value><value>x</value></data></array></value>\n    </param>\n  </params>\n</methodResponse>';

const FAULT = faultResponse(
  `${member('faultCode', '<int>4</int>')}${member('faultString', 'Too many params')}`,
);

const CALL =
  '<?xml version="1.0"?><methodCall><methodName>examples.getStateName</methodName><params>' +
  '<param><value><i4>41</i4></value></param><param><value><struct>' +
  member('k', '<string>v</string>') +
  '</struct></value></param></params></methodCall>';

describe('the documents used below', () => {
  it('are valid', () => {
    expect(decodeMethodResponse(RESPONSE)).toEqual([
      { 'a&b': -12, when: new Date('1998-07-17T14:08:55Z') },
      '<raw> and A',
      new TextEncoder().encode('hello'),
      '',
      -1500,
      [],
      null,
      true,
      'x',
    ]);
    expect(() => decodeMethodResponse(FAULT)).toThrow(XmlRpcFault);
    expect(decodeMethodCall(CALL)).toEqual({ methodName: 'examples.getStateName', params: [41, { k: 'v' }] });
  });
});

describe('truncated documents', () => {
  it.each([
    ['a response', RESPONSE],
    ['a fault', FAULT],
  ])('every proper prefix of %s is a parse error, for both response decoders', (_, document) => {
    for (let length = 0; length < document.length; length++) {
      const prefix = document.slice(0, length);
      expect(() => decodeMethodResponse(prefix), prefix).toThrow(XmlRpcParseError);
      expect(() => decodeResponseEntries(prefix), prefix).toThrow(XmlRpcParseError);
    }
  });

  it('every proper prefix of a call is a parse error', () => {
    for (let length = 0; length < CALL.length; length++) {
      const prefix = CALL.slice(0, length);
      expect(() => decodeMethodCall(prefix), prefix).toThrow(XmlRpcParseError);
    }
  });

  it('says which element is left open', () => {
    const cut = '<methodResponse><params><param><value><int>1</int>';
    expect(parseErrorOf(() => decodeMethodResponse(cut)).message).toBe(
      'truncated document: <value> is not closed at methodResponse/params/param/value',
    );
  });
});

describe('unclosed and mismatched elements', () => {
  it.each([
    ['a close tag of another element', '<value><int>1</value></int>'],
    ['a close tag sharing a prefix (<i> … </int>)', '<value><i>1</int></value>'],
    ['a close tag extending the name (</intx>)', '<value><int>1</intx></value>'],
    ['a close tag cut short (</in>)', '<value><int>1</in></value>'],
    ['a close tag of the same prefix (<i4> … </i>)', '<value><i4>1</i></value>'],
    ['</params> closing <param>', '<value>1</value></params>'],
    ['an unclosed element', '<value><string>a</value>'],
    ['a stray close tag', '<value>1</value></value>'],
    ['a space before the close tag name', '<value>1</ value>'],
    ['junk in a close tag', '<value>1</value x>'],
    ['a tag name with =', '<value><int=5>7</int=5></value>'],
  ])('refuses %s', (_, param) => {
    expect(() => decodeMethodResponse(response(param))).toThrow(XmlRpcParseError);
  });

  it('refuses <params><param>…</params>', () => {
    const xml = '<methodResponse><params><param><value>1</value></params></methodResponse>';
    expect(parseErrorOf(() => decodeMethodResponse(xml)).message).toBe(
      'close tag does not match <param> at methodResponse/params/param: "</params></methodResponse>"',
    );
  });

  it('refuses <i>…</int>, naming the open element', () => {
    expect(parseErrorOf(() => decodeMethodResponse(response('<value><i>1</int></value>'))).message).toBe(
      'close tag does not match <i> at methodResponse/params/param/value/i: "</int></value></param></params></methodR"',
    );
  });

  it('accepts whitespace after a close tag name', () => {
    expect(decodeMethodResponse(response('<value><int >1</int\n></value >'))).toBe(1);
  });
});

describe('around the root element', () => {
  it.each([
    ['text', `${response('<value>1</value>')}x`],
    ['a second root', `${response('<value>1</value>')}<methodResponse/>`],
    ['another element', `${response('<value>1</value>')}<x/>`],
    ['an extra close tag', `${response('<value>1</value>')}</methodResponse>`],
    ['a processing instruction', `${response('<value>1</value>')}<?php ?>`],
  ])('refuses trailing %s', (_, xml) => {
    expect(() => decodeMethodResponse(xml)).toThrow(XmlRpcParseError);
    expect(() => decodeResponseEntries(xml)).toThrow(XmlRpcParseError);
  });

  it('names trailing content', () => {
    expect(parseErrorOf(() => decodeMethodResponse(`${response('<value>1</value>')}\n<x/>`)).message).toBe(
      'content after the root element: "<x/>"',
    );
  });

  it('accepts trailing whitespace and comments', () => {
    expect(decodeMethodResponse(`${response('<value>1</value>')}\n<!-- end -->\r\n\t`)).toBe('1');
  });

  it.each([
    ['a BOM', '\uFEFF'],
    ['whitespace', ' \r\n\t'],
    ['a BOM and whitespace', '\uFEFF\n  '],
  ])('tolerates %s before the prolog (PHP servers send them)', (_, before) => {
    expect(decodeMethodResponse(`${before}${response('<value>1</value>')}`)).toBe('1');
    expect(
      decodeMethodResponse(
        `${before}<methodResponse><params><param><value>1</value></param></params></methodResponse>`,
      ),
    ).toBe('1');
    expect(decodeMethodCall(`${before}${CALL}`).methodName).toBe('examples.getStateName');
  });

  it.each([
    ['text before the root', `x${response('<value>1</value>')}`],
    ['a BOM after whitespace', ` \uFEFF${response('<value>1</value>')}`],
    ['an XML declaration after a comment', `<!-- c -->${response('<value>1</value>')}`],
    [
      'another processing instruction',
      `<?xml-stylesheet href="a"?>${response('<value>1</value>').slice(21)}`,
    ],
    ['an unterminated XML declaration', '<?xml version="1.0"<methodResponse/>'],
    ['an empty document', ''],
    ['only whitespace', ' \n'],
    ['only a comment', '<!-- nothing -->'],
  ])('refuses %s', (_, xml) => {
    expect(() => decodeMethodResponse(xml)).toThrow(XmlRpcParseError);
  });
});

describe('DOCTYPE and entity declarations', () => {
  const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodResponse><params><param><value><string>&lol9;</string></value></param></params></methodResponse>`;

  it('refuses the billion laughs document at its DOCTYPE, expanding nothing', () => {
    const error = parseErrorOf(() => decodeMethodResponse(BILLION_LAUGHS));
    expect(error.message).toMatch(/^DOCTYPE and entity declarations are not allowed: "<!DOCTYPE lolz \[/);
    expect(() => decodeMethodCall(BILLION_LAUGHS)).toThrow(XmlRpcParseError);
    expect(() => decodeResponseEntries(BILLION_LAUGHS)).toThrow(XmlRpcParseError);
  });

  it('refuses a DOCTYPE or ENTITY anywhere', () => {
    expect(() =>
      decodeMethodResponse(`<!DOCTYPE methodResponse>${response('<value>1</value>').slice(21)}`),
    ).toThrow(/DOCTYPE/);
    expect(() => decodeMethodResponse(response('<value><!ENTITY x "y"><string>1</string></value>'))).toThrow(
      /DOCTYPE and entity declarations are not allowed at methodResponse\/params\/param\/value/,
    );
  });

  it('leaves a reference to an undeclared entity an error', () => {
    expect(() => decodeMethodResponse(response('<value>&lol9;</value>'))).toThrow(/undefined entity/);
  });
});

describe('tags and attributes', () => {
  it('accepts attributes on envelope elements (Apache declares its ex: namespace)', () => {
    const xml =
      '<?xml version="1.0"?><methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">' +
      "<params><param><value><ex:i8 a = 'x'>5</ex:i8></value></param></params></methodResponse>";
    expect(decodeMethodResponse(xml)).toBe(5);
  });

  it.each([
    ['an unquoted attribute value', '<value a=1>x</value>'],
    ['an attribute without a value', '<value a>x</value>'],
    ['an attribute name starting with a digit', '<value 1=">">x</value>'],
    ['an attribute name starting with _', '<value _a=">">x</value>'],
    ['an attribute value holding <', '<value a="<">x</value>'],
    ['an unterminated attribute value', '<value a="x>x</value>'],
    ['a tag without a name', '<>x</>'],
    ['a space before the tag name', '< value>x</value>'],
    ['a control character in a tag name', '<value\u0001>x</value\u0001>'],
  ])('refuses %s', (_, param) => {
    expect(() => decodeMethodResponse(response(param))).toThrow(XmlRpcParseError);
  });

  it('refuses a control character in an envelope tag name', () => {
    const xml =
      '<methodResponse><params><param\u0001><value>x</value></param\u0001></params></methodResponse>';
    expect(() => decodeMethodResponse(xml)).toThrow(XmlRpcParseError);
  });

  it.each(['script', 'style'])('refuses <%s>, which txml would read as raw text', (name) => {
    // `</script >` is a legal close tag that txml does not recognise: it must not send it looping.
    const entries = `<value><array><data><value><${name}></${name} ></value><value>ok</value></data></array></value>`;
    expect(parseErrorOf(() => decodeResponseEntries(response(entries))).message).toMatch(
      new RegExp(
        `^element not allowed in XML-RPC at methodResponse/params/param/value/array/data/value: "<${name}>`,
      ),
    );
    expect(() =>
      decodeMethodResponse(response(`<value><string><${name}>x</${name}></string></value>`)),
    ).toThrow(XmlRpcParseError);
  });

  it('refuses processing instructions inside the root', () => {
    expect(() => decodeMethodResponse(response('<value><?php echo 1; ?>1</value>'))).toThrow(
      /processing instructions are not allowed here/,
    );
  });

  it('refuses unterminated comments and CDATA sections', () => {
    expect(() => decodeMethodResponse(response('<value><!-- 1</value>'))).toThrow(/unterminated comment/);
    expect(() => decodeMethodResponse(response('<value><![CDATA[1</value>'))).toThrow(/unterminated CDATA/);
    expect(() => decodeMethodResponse(`<![CDATA[x]]>${response('<value>1</value>')}`)).toThrow(
      /CDATA outside the root element/,
    );
  });
});

describe('methodResponse structure', () => {
  const P = '<param><value>1</value></param>';

  it.each([
    ['no params', '<methodResponse></methodResponse>', 'methodResponse is empty at methodResponse'],
    ['an empty root', '<methodResponse/>', 'methodResponse is empty at methodResponse'],
    [
      'zero params',
      '<methodResponse><params></params></methodResponse>',
      'methodResponse has no param at methodResponse/params',
    ],
    [
      '<params/>',
      '<methodResponse><params/></methodResponse>',
      'methodResponse has no param at methodResponse/params',
    ],
    [
      'two params',
      `<methodResponse><params>${P}${P}</params></methodResponse>`,
      'methodResponse has more than one param at methodResponse/params/param[2]',
    ],
    [
      'params then fault',
      `<methodResponse><params>${P}</params><fault><value>1</value></fault></methodResponse>`,
      'unexpected element <fault> at methodResponse',
    ],
    [
      'fault then params',
      `<methodResponse><fault><value><struct>${member('faultCode', '<int>1</int>')}${member('faultString', 'x')}</struct></value></fault><params>${P}</params></methodResponse>`,
      'unexpected element <params> after <fault> at methodResponse',
    ],
    [
      'an unknown element',
      '<methodResponse><result>1</result></methodResponse>',
      'unexpected element <result> at methodResponse',
    ],
    [
      'an unknown element in params',
      `<methodResponse><params>${P}<extra/></params></methodResponse>`,
      'unexpected element <extra> at methodResponse/params',
    ],
    [
      'two values in a param',
      '<methodResponse><params><param><value>1</value><value>2</value></param></params></methodResponse>',
      'unexpected element <value> at methodResponse/params/param',
    ],
    [
      'a param without a value',
      '<methodResponse><params><param></param></params></methodResponse>',
      'missing <value> at methodResponse/params/param/value',
    ],
    [
      'text between envelope elements',
      `<methodResponse>x<params>${P}</params></methodResponse>`,
      'unexpected text at methodResponse: "x"',
    ],
    [
      'another root element',
      `<methodCall><params>${P}</params></methodCall>`,
      'expected <methodResponse>, found <methodCall> at methodResponse',
    ],
  ])('refuses %s', (_, xml, message) => {
    expect(parseErrorOf(() => decodeMethodResponse(xml)).message).toBe(message);
    expect(parseErrorOf(() => decodeResponseEntries(xml)).message).toBe(message);
  });
});

describe('faults', () => {
  const fault = (members: string) => () => decodeMethodResponse(faultResponse(members));
  const SHAPE =
    'fault must be a struct with an int faultCode and a string faultString at methodResponse/fault/value';

  it('throw XmlRpcFault with faultCode and faultString, extra members allowed', () => {
    const error = (() => {
      try {
        fault(
          `${member('faultString', 'no such method')}${member('faultCode', '<i4>-32601</i4>')}${member('extra', '1')}`,
        )();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(XmlRpcFault);
    expect(error).toMatchObject({ faultCode: -32601, faultString: 'no such method' });
    expect((error as Error).message).toBe('XML-RPC fault -32601: no such method');
  });

  it.each([
    ['no faultCode', member('faultString', 'x')],
    ['no faultString', member('faultCode', '<int>1</int>')],
    ['a string faultCode', `${member('faultCode', '<string>1</string>')}${member('faultString', 'x')}`],
    ['a boolean faultCode', `${member('faultCode', '<boolean>1</boolean>')}${member('faultString', 'x')}`],
    ['a fractional faultCode', `${member('faultCode', '<double>1.5</double>')}${member('faultString', 'x')}`],
    ['an int faultString', `${member('faultCode', '<int>1</int>')}${member('faultString', '<int>1</int>')}`],
  ])('refuse %s', (_, members) => {
    expect(parseErrorOf(fault(members)).message).toBe(SHAPE);
  });

  it.each([
    ['an array', '<array><data><value>1</value></data></array>'],
    ['a string', 'oops'],
  ])('refuse a fault value that is %s', (_, value) => {
    const xml = `<methodResponse><fault><value>${value}</value></fault></methodResponse>`;
    expect(parseErrorOf(() => decodeMethodResponse(xml)).message).toBe(SHAPE);
  });

  it('refuse an empty fault and a fault with two values', () => {
    expect(() => decodeMethodResponse('<methodResponse><fault></fault></methodResponse>')).toThrow(
      'missing <value> at methodResponse/fault/value',
    );
    const two = `<methodResponse><fault><value><struct>${member('faultCode', '<int>1</int>')}${member('faultString', 'x')}</struct></value><value/></fault></methodResponse>`;
    expect(() => decodeMethodResponse(two)).toThrow('unexpected element <value> at methodResponse/fault');
  });

  it('report a malformed fault value as a parse error, not a fault', () => {
    expect(
      parseErrorOf(fault(`${member('faultCode', '<int>x</int>')}${member('faultString', 'x')}`)).path,
    ).toBe('methodResponse/fault/value/struct/member[1]/value/int');
  });
});

describe('fault and envelope details', () => {
  const fault = (code: string) =>
    `<methodResponse><fault><value><struct><member><name>faultCode</name><value>${code}</value></member>` +
    '<member><name>faultString</name><value><string>no</string></value></member></struct></value></fault></methodResponse>';

  it.each(['<int>4</int>', '<i4>4</i4>'])('accepts a faultCode sent as %s', (code) => {
    expect(() => decodeMethodResponse(fault(code))).toThrow(XmlRpcFault);
  });

  it.each(['<double>4.0</double>', '<string>4</string>', '<i8>4</i8>', '4'])(
    'refuses a faultCode sent as %s: the spec says int',
    (code) => {
      expect(parseErrorOf(() => decodeMethodResponse(fault(code))).message).toBe(
        'fault must be a struct with an int faultCode and a string faultString at methodResponse/fault/value',
      );
    },
  );

  it('reads envelope elements whose attribute values hold ">"', () => {
    const xml =
      '<methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions" note="a > b">' +
      "<params note='>'><param><value><ex:i8>7</ex:i8></value></param></params></methodResponse>";
    expect(decodeMethodResponse(xml)).toBe(7);
  });
});
