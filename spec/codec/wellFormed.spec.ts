import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { decodeInner, member, parseErrorOf, response } from './documents.js';

/**
 * What XML 1.0 refuses is refused, as not well-formed (`wellFormed: false`, fault -32700 on a server):
 * the XML declaration, comments, attributes, names, text, and characters XML forbids wherever they
 * stand. And the gate stays linear on hostile input.
 */

const VALUE_PATH = 'methodResponse/params/param/value';
const call = (...params: string[]) =>
  `<methodCall><methodName>m</methodName><params>${params.map((p) => `<param>${p}</param>`).join('')}</params></methodCall>`;
const entries = (...values: string[]) =>
  response(`<value><array><data>${values.join('')}</data></array></value>`);

/** The parse error decoding `xml` ends in: thrown, or else the first entry that failed alone. */
function firstError(xml: string): XmlRpcParseError {
  let result: ReturnType<typeof decodeResponseEntries>;
  try {
    result = decodeResponseEntries(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(XmlRpcParseError);
    return error as XmlRpcParseError;
  }
  const failed =
    result.kind === 'array' ? result.entries.find((e) => e instanceof XmlRpcParseError) : undefined;
  expect(failed).toBeInstanceOf(XmlRpcParseError);
  return failed as XmlRpcParseError;
}

function notWellFormed(fn: () => unknown, message?: string | RegExp): XmlRpcParseError {
  const error = parseErrorOf(fn);
  expect(error.wellFormed, error.message).toBe(false);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

describe('the XML declaration', () => {
  it.each([
    '<?xml version="1.0"?>',
    "<?xml version='1.0'?>",
    '<?xml version="1.1"?>',
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?>",
    '<?xml version="1.0" standalone="no"?>',
    '<?xml\tversion = "1.0"\n encoding= "utf-8" standalone ="yes"  ?>',
    '<?xml version="1.0" encoding="x-mac_roman.2"?>',
  ])('accepts %s', (declaration) => {
    expect(decodeMethodResponse(`${declaration}${response('<value>1</value>').slice(21)}`)).toBe('1');
  });

  it.each([
    ['no version', '<?xml encoding="UTF-8"?>'],
    ['nothing', '<?xml?>'],
    ['garbage', '<?xml garbage?>'],
    ['version 2.0', '<?xml version="2.0"?>'],
    ['version 1.', '<?xml version="1."?>'],
    ['version 1', '<?xml version="1"?>'],
    ['mismatched quotes', '<?xml version="1.0\'?>'],
    ['an unquoted version', '<?xml version=1.0?>'],
    ['an unknown pseudo-attribute', '<?xml version="1.0" foo="bar"?>'],
    ['standalone before encoding', '<?xml version="1.0" standalone="yes" encoding="UTF-8"?>'],
    ['encoding before version', '<?xml encoding="UTF-8" version="1.0"?>'],
    ['no whitespace before encoding', '<?xml version="1.0"encoding="UTF-8"?>'],
    ['an empty encoding', '<?xml version="1.0" encoding=""?>'],
    ['an encoding name with a space', '<?xml version="1.0" encoding="UTF 8"?>'],
    ['an encoding name starting with a digit', '<?xml version="1.0" encoding="8859-1"?>'],
    ['standalone maybe', '<?xml version="1.0" standalone="maybe"?>'],
    ['a repeated version', '<?xml version="1.0" version="1.0"?>'],
    ['an unterminated declaration', '<?xml version="1.0"'],
    ['a declaration ending with >', '<?xml version="1.0">'],
    ['uppercase names', '<?xml VERSION="1.0"?>'],
  ])('refuses %s', (_, declaration) => {
    const xml = `${declaration}<methodResponse><params><param><value>1</value></param></params></methodResponse>`;
    notWellFormed(
      () => decodeMethodResponse(xml),
      /^malformed XML declaration \(expected <\?xml version="1\.x"/,
    );
    notWellFormed(
      () => decodeMethodCall(`${declaration}${call('<value>1</value>')}`),
      /^malformed XML declaration/,
    );
  });

  it('reads a long run of whitespace in a declaration in one pass', () => {
    const spaces = ' '.repeat(200_000);
    notWellFormed(() =>
      decodeMethodResponse(`<?xml version="1.0"${spaces}x?>${response('<value/>').slice(21)}`),
    );
    expect(decodeMethodResponse(`<?xml version="1.0"${spaces}?>${response('<value/>').slice(21)}`)).toBe('');
  });
});

describe('comments', () => {
  it.each([
    ['an empty comment', '<!---->'],
    ['a single dash', '<!-- - -->'],
    ['dashes apart', '<!-- -a-b- c -->'],
    ['markup-like text', '<!-- <value>2</value> & ]]> -->'],
  ])('accepts %s', (_, comment) => {
    expect(decodeInner(`${comment}<int>1</int>${comment}`)).toBe(1);
  });

  it.each([
    ['"--" inside', '<!-- a -- b -->'],
    ['"--" right after the start', '<!----- a -->'],
    ['a dash before the end', '<!-- a --->'],
  ])('refuses %s', (_, comment) => {
    notWellFormed(
      () => decodeInner(`${comment}<int>1</int>`),
      new RegExp(`^"--" inside a comment at ${VALUE_PATH}: "${comment.slice(comment.indexOf('--', 4))}`),
    );
  });

  it.each([
    ['>', '<!-->-->'],
    ['->', '<!--->-->'],
  ])('refuse a comment starting with %s, which txml would end early', (_, comment) => {
    // Well-formed XML, but txml ends these at `<!-->` and `<!--->` and reads the rest as markup.
    for (const xml of [
      response(`<value><array><data>${comment}<value>1</value></data></array></value>`),
      call(`<value>${comment}1</value>`),
    ]) {
      const decode = xml.startsWith('<methodCall') ? decodeMethodCall : decodeResponseEntries;
      const error = parseErrorOf(() => decode(xml));
      expect(error.message).toMatch(/^a comment starting with ">" or "->" is not supported at /);
      expect(error.wellFormed).toBe(true);
    }
    notWellFormed(() => decodeInner(`${comment.slice(0, -3)}1`), /^unterminated comment at /);
  });

  it('are never read differently by the gate and by txml', () => {
    // Found by the two-paths property test: the gate saw one comment up to `-->`, txml ended it at `<!-->`.
    const xml = response(
      '<value><array><data><!-- c --><value><int>z</int></value><!-->< c --><value><int>z</int></value></data></array></value>',
    );
    for (const wholeTreeMaxLength of [0, Number.POSITIVE_INFINITY]) {
      expect(() => decodeResponseEntries(xml, undefined, wholeTreeMaxLength)).toThrow(XmlRpcParseError);
    }
  });
});

describe('attributes', () => {
  /** `<value>` with `count` attributes, the last one named `last`. */
  const manyAttributes = (count: number, last = `a${count - 1}`) => {
    const names = Array.from({ length: count - 1 }, (_, i) => ` a${i}="v"`).join('');
    return response(`<value${names} ${last}="v">1</value>`);
  };

  it('reads 100,000 attributes on one tag in one pass', () => {
    expect(decodeMethodResponse(manyAttributes(100_000))).toBe('1');
  });

  it('refuses a repeated attribute name, even the 100,000th', () => {
    notWellFormed(
      () => decodeMethodResponse(manyAttributes(100_000, 'a0')),
      `duplicate attribute a0 at ${VALUE_PATH}: "a0=\\"v\\">1</value></param></params></metho"`,
    );
  });

  it.each([
    ['on one tag', '<value a="1" a="2">x</value>', 'a'],
    ['with other attributes between', '<value a="1" b="2" c="3" b="4">x</value>', 'b'],
    ['with the other quote', `<value a="1" a='1'>x</value>`, 'a'],
    ['declaring a namespace', '<value xmlns:ex="a" xmlns:ex="b">x</value>', 'xmlns:ex'],
    ['on an empty tag', '<value><nil x="1" x="2"/></value>', 'x'],
  ])('refuses a duplicate attribute %s', (_, param, name) => {
    notWellFormed(
      () => decodeMethodResponse(response(param)),
      new RegExp(`^duplicate attribute ${name} at `),
    );
  });

  it('accepts the same name on different tags, and names differing in case', () => {
    const xml = `<methodResponse a="1"><params a="2"><param a="3"><value a="4" A="5">1</value></param></params></methodResponse>`;
    expect(decodeMethodResponse(xml)).toBe('1');
  });

  it('accepts references, ">" and "]]>" in values', () => {
    expect(
      decodeInner('<int a="&amp;&lt;&gt;&quot;&apos;&#65;&#x1F600;" b=">" c="]]>" d=\'"\'>1</int>'),
    ).toBe(1);
  });

  it.each([
    ['an undefined entity', '&foo;', 'undefined entity or bad character reference: "&foo;"'],
    ['an HTML entity', '&nbsp;', 'undefined entity or bad character reference: "&nbsp;"'],
    ['a reference to U+0000', '&#0;', 'undefined entity or bad character reference: "&#0;"'],
    ['a reference to a surrogate', '&#xD800;', 'undefined entity or bad character reference: "&#xD800;"'],
    ['a bad decimal reference', '&#6a;', 'undefined entity or bad character reference: "&#6a;"'],
    ['a bare &', 'a & b', 'bare "&" in an attribute value (write &amp;): "& b"'],
    ['a reference without ;', '&#65', 'bare "&" in an attribute value (write &amp;): "&#65"'],
    ['a literal U+0001', '\u0001', 'character U+0001 is not allowed in XML: "\\u0001"'],
  ])('refuses %s in a value', (_, value, problem) => {
    const [what, quoted] = problem.split(': ');
    notWellFormed(() => decodeInner(`<int a="${value}">1</int>`), `${what} at ${VALUE_PATH}/int: ${quoted}`);
  });

  it.each([
    [
      'not separated by whitespace',
      '<value a="1"b="2">x</value>',
      'attributes must be separated by whitespace',
    ],
    ['holding "<"', '<value a="<">x</value>', '"<" in an attribute value'],
    ['with a control character in the name', '<value a\u0001="1">x</value>', 'malformed attribute'],
    ['with a quote in the name', '<value a"b="1">x</value>', 'malformed attribute'],
    [
      'unterminated',
      '<value a="x>x</value></param></params></methodResponse>',
      'unterminated attribute value',
    ],
  ])('refuses an attribute %s', (_, param, problem) => {
    const xml = param.includes('</methodResponse>')
      ? `<methodResponse><params><param>${param}`
      : response(param);
    notWellFormed(() => decodeMethodResponse(xml), new RegExp(`^${problem} at `));
  });
});

describe('names', () => {
  it.each([
    ['a quote', '<va"lue>1</va"lue>'],
    ['a digit first', '<1value>1</1value>'],
    ['a dash first', '<-value>1</-value>'],
    ['a control character', '<value\u0001>1</value\u0001>'],
    ['U+00D7, which is no name character', '<value\u00D7>1</value\u00D7>'],
    ['a lone surrogate', '<value\uD800>1</value\uD800>'],
    ['"=" right after it', '<value=1>1</value=1>'],
  ])('refuses a tag name with %s', (_, param) => {
    notWellFormed(
      () => decodeMethodResponse(response(param)),
      /^malformed tag at methodResponse\/params\/param: /,
    );
  });

  it.each([
    ['non-ASCII letters', 'värde'],
    ['an astral letter', 'a\u{10000}'],
    ['digits, dots, dashes and a middle dot', 'a1.b-c\u00B7'],
  ])('accepts a name with %s (as XML, not as XML-RPC)', (_, name) => {
    const error = parseErrorOf(() => decodeInner(`<${name}>1</${name}>`));
    expect(error.message).toBe(`unknown value type <${name}> at ${VALUE_PATH}/${name}`);
    expect(error.wellFormed).toBe(true);
  });
});

describe('text', () => {
  it.each([
    ['a string', (t: string) => decodeInner(`<string>${t}</string>`)],
    ['an untyped value', (t: string) => decodeInner(t)],
    ['a member name', (t: string) => decodeInner(`<struct>${member(t, '1')}</struct>`)],
    [
      'a method name',
      (t: string) => decodeMethodCall(`<methodCall><methodName>${t}</methodName></methodCall>`),
    ],
  ])('refuses "]]>" in %s', (_, decode) => {
    notWellFormed(
      () => decode('a]]>b'),
      /^"\]\]>" is not allowed in text \(write \]\]&gt;\) at .*: "a\]\]>b"$/,
    );
  });

  it('accepts "]]" before ">" when something else stands between them', () => {
    expect(decodeInner('<string>]]&gt; ]] > ]]<!---->> <![CDATA[]]]]><![CDATA[>]]></string>')).toBe(
      ']]> ]] > ]]> ]]>',
    );
    // Text after a CDATA section does not join it either (the section ends with "]]", the text is "]>").
    expect(decodeInner('<string><![CDATA[]]]]>]><![CDATA[>]]></string>')).toBe(']]]>>');
  });

  it.each([
    ['a comment', '&am<!---->p;'],
    ['a comment in a character reference', '&#<!-- x -->65;'],
    ['a CDATA section', '&am<![CDATA[p;]]>'],
    ['a CDATA section in a character reference', '&#x4<![CDATA[1;]]>'],
  ])('refuses a reference split by %s', (_, text) => {
    notWellFormed(() => decodeInner(`<string>${text}</string>`), /^bare "&" in text \(write &amp;\) at /);
    notWellFormed(() => decodeInner(text), /^bare "&" in text/);
  });

  it('joins the text around comments and CDATA sections', () => {
    expect(decodeInner('<string>a<!-- c -->b<![CDATA[<c>]]>&amp;<![CDATA[d]]>e</string>')).toBe('ab<c>&de');
    expect(decodeInner('<int>1<!-- c -->2<![CDATA[3]]></int>')).toBe(123);
  });
});

describe('characters XML forbids', () => {
  /** Where a character can stand, as the `<value>` of a param (or entry), or around one. */
  const PLACES: ReadonlyArray<readonly [string, (c: string) => string]> = [
    ['in a string', (c) => `<value><string>a${c}b</string></value>`],
    ['in an untyped value', (c) => `<value>${c}</value>`],
    ['beside a type element', (c) => `<value>${c}<int>1</int></value>`],
    ['in <nil>', (c) => `<value><nil>${c}</nil></value>`],
    ['between struct members', (c) => `<value><struct>${c}${member('a', '1')}</struct></value>`],
    ['between array entries', (c) => `<value><array><data>${c}<value>1</value></data></array></value>`],
    ['inside an unknown element', (c) => `<value><foo>${c}</foo></value>`],
    ['in a comment', (c) => `<value><!-- ${c} -->1</value>`],
    ['in an attribute value', (c) => `<value a="${c}">1</value>`],
    ['in a CDATA section', (c) => `<value><![CDATA[${c}]]></value>`],
    ['before the value', (c) => `${c}<value>1</value>`],
    ['after an invalid value', (c) => `<value><foo/></value></param><param><value>${c}</value>`],
  ];
  const FORBIDDEN = ['\u0000', '\u0001', '\u000B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00'];

  it.each(PLACES)('make a call with one %s not well-formed (-32700 on a server)', (_, place) => {
    for (const c of FORBIDDEN) {
      notWellFormed(
        () => decodeMethodCall(call(place(c))),
        new RegExp(
          `^character U\\+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        ),
      );
    }
  });

  it.each(PLACES)('make a response with one %s not well-formed, in a multicall entry too', (_, place) => {
    for (const c of FORBIDDEN) {
      notWellFormed(() => decodeMethodResponse(response(place(c))), /is not allowed in XML/);
      if (!place(c).includes('</param>')) {
        const error = firstError(entries(place(c), '<value>2</value>'));
        expect(error.wellFormed, error.message).toBe(false);
        expect(error.message).toMatch(/is not allowed in XML/);
      }
    }
  });

  it('spoil only their own entry when they stand in its text', () => {
    const result = decodeResponseEntries(entries('<value>\u0000<int>1</int></value>', '<value>2</value>'));
    expect(result).toMatchObject({ kind: 'array', entries: [expect.any(XmlRpcParseError), '2'] });
    const [error] = (result as { entries: XmlRpcParseError[] }).entries;
    expect(error!.message).toBe(
      `character U+0000 is not allowed in XML at ${VALUE_PATH}/array/data/value[1]: "\\u0000"`,
    );
    expect(error!.wellFormed).toBe(false);
    const deep = decodeResponseEntries(
      entries(`<value><struct>${member('a', '<foo>\u0001</foo>')}</struct></value>`),
    );
    expect((deep as { entries: XmlRpcParseError[] }).entries[0]!.path).toBe(
      `${VALUE_PATH}/array/data/value[1]/struct/member[1]/value/foo`,
    );
  });

  it('are reported before what the gate refuses in well-formed XML earlier in the document', () => {
    const later = '<value>\u0000</value>';
    for (const [refused, message] of [
      ['<value><!-->-->1</value>', /^a comment starting with ">"/],
      ['<value><script>x</script></value>', /^element not allowed in XML-RPC/],
      [
        `<value>${'<array><data><value>'.repeat(5)}${'</value></data></array>'.repeat(5)}</value>`,
        /`maxDepth` limit of 1/,
      ],
    ] as const) {
      const alone = parseErrorOf(() => decodeMethodCall(call(refused), { maxDepth: 1 }));
      expect(alone.message).toMatch(message);
      expect(alone.wellFormed).toBe(true);
      notWellFormed(() => decodeMethodCall(call(refused, later), { maxDepth: 1 }), /^character U\+0000/);
    }
  });

  it('are reported past the depth limit too, with the path shortened', () => {
    const deep = call(`<value>${'<a>'.repeat(100_000)}\u0000${'</a>'.repeat(100_000)}</value>`);
    const error = notWellFormed(
      () => decodeMethodCall(deep),
      /^character U\+0000 is not allowed in XML at methodCall\/params\/param\/value\/a\/a\//,
    );
    expect(error.path).toMatch(/\/a\/…$/);
    expect(error.message.length).toBeLessThan(5000);
  });

  it('are reported before what breaks XML-RPC earlier in the document', () => {
    const xml =
      '<methodResponse><params><param><value><foo/></value></param><param><value>\u0000</value></param></params></methodResponse>';
    notWellFormed(
      () => decodeMethodResponse(xml),
      /^character U\+0000 is not allowed in XML at methodResponse\/params\/param\/value: /,
    );
    notWellFormed(() => decodeResponseEntries(xml));
    const text = '<methodCall><methodName>m</methodName><extra/>&bogus;</methodCall>';
    notWellFormed(
      () => decodeMethodCall(text),
      'undefined entity or bad character reference at methodCall: "&bogus;"',
    );
  });

  it('leave a document that is only invalid XML-RPC well-formed', () => {
    const error = parseErrorOf(() =>
      decodeMethodCall(call('<value><foo/></value>', '<value>a &amp; b</value>')),
    );
    expect(error.message).toBe('unknown value type <foo> at methodCall/params/param[1]/value/foo');
    expect(error.wellFormed).toBe(true);
  });
});
