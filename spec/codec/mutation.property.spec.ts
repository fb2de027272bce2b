import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { asDouble } from '../../src/codec/XmlRpcValue.js';
import { markupText, mutate, mutation } from './mutations.js';

/**
 * Random text and randomly mutated valid documents fed to the decoders only ever throw
 * `XmlRpcError`s: no TypeError, RangeError, stack overflow or hang, whatever the input.
 */

const DECODERS = [
  (xml: string) => decodeMethodResponse(xml, { maxDepth: 8 }),
  (xml: string) => decodeMethodCall(xml, { maxDepth: 8 }),
  (xml: string) => {
    const result = decodeResponseEntries(xml, { maxDepth: 8 });
    // Slots hold values or parse errors, nothing else.
    if (result.kind === 'array') {
      for (const entry of result.entries) {
        if (entry instanceof Error) expect(entry).toBeInstanceOf(XmlRpcParseError);
      }
    }
  },
];

function onlyXmlRpcErrors(xml: string): void {
  for (const decode of DECODERS) {
    try {
      decode(xml);
    } catch (error) {
      if (!(error instanceof XmlRpcError)) throw error;
    }
  }
}

const SEEDS = [
  encodeMethodResponse([
    1,
    'a&b<c>\r\n',
    { x: [true, null, new Date(0), new Uint8Array([1, 2, 3])], 'y z': 2.5, n: 2n ** 60n },
    asDouble(3),
    [],
    {},
  ]),
  encodeMethodCall('examples.getStateName', [{ a: 1 }, ['s', 3], '']),
  encodeFault(4, 'Too many params'),
  '\uFEFF <?xml version="1.0"?>\r\n<!-- c --><methodResponse xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">' +
    '<params><param><value><array><data><value><ex:i8>5</ex:i8></value>' +
    '<value><dateTime.iso8601> 1998-07-17T14:08:55.5+02:00 </dateTime.iso8601></value><value/>' +
    '<value><![CDATA[<x>&]]>&#x1F600;&amp;</value><value><struct><member><name>__proto__</name><value><ex:nil/></value></member></struct></value>' +
    '<value><base64>aGVs\nbG8=</base64></value><value><ex:biginteger>123456789012345678901</ex:biginteger></value>' +
    '</data></array></value></param></params></methodResponse>\n',
];

/** Well-formed but random trees of XML-RPC's own elements, so the decoders' logic is exercised past the gate. */
const TAGS = [
  'value',
  'array',
  'data',
  'struct',
  'member',
  'name',
  'int',
  'i8',
  'string',
  'boolean',
  'double',
  'nil',
  'base64',
  'dateTime.iso8601',
  'param',
  'params',
  'fault',
];
const { element } = fc.letrec<{ element: string }>((tie) => ({
  element: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      '',
      ' ',
      '1',
      '0',
      'x',
      '&amp;',
      '-1.5',
      '19980717T14:08:55',
      'aGVsbG8=',
      '<![CDATA[<]]>',
      '<!-- c -->',
    ),
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(tie('element'), { maxLength: 3 }))
      .map(([tag, children]) =>
        children.length === 0 ? `<${tag}/>` : `<${tag}>${children.join('')}</${tag}>`,
      ),
  ),
}));

describe('decoders given bad input', () => {
  it('throw only XmlRpcErrors for random well-formed trees of XML-RPC elements', () => {
    fc.assert(
      fc.property(element, (tree) => {
        onlyXmlRpcErrors(`<methodResponse><params><param>${tree}</param></params></methodResponse>`);
        onlyXmlRpcErrors(`<methodResponse>${tree}</methodResponse>`);
        onlyXmlRpcErrors(`<methodCall><methodName>m</methodName>${tree}</methodCall>`);
      }),
      { numRuns: 1000 },
    );
  });

  it('the seed documents are valid', () => {
    expect(() => decodeMethodResponse(SEEDS[0]!)).not.toThrow();
    expect(() => decodeMethodCall(SEEDS[1]!)).not.toThrow();
    expect(() => decodeMethodResponse(SEEDS[3]!)).not.toThrow();
  });

  it('throw only XmlRpcErrors for mutated valid documents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => onlyXmlRpcErrors(mutate(seed, mutations)),
      ),
      { numRuns: 3000 },
    );
  });

  it('throw only XmlRpcErrors for random markup', () => {
    fc.assert(fc.property(markupText(200), onlyXmlRpcErrors), { numRuns: 1000 });
  });

  it('throw only XmlRpcErrors for random text of any characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), onlyXmlRpcErrors), { numRuns: 500 });
  });

  it('throw only XmlRpcErrors for random values inside a valid envelope', () => {
    const inside = (text: string) => [
      `<methodResponse><params><param><value>${text}</value></param></params></methodResponse>`,
      `<methodResponse><params><param><value><array><data><value>${text}</value></data></array></value></param></params></methodResponse>`,
      `<methodCall><methodName>m</methodName><params><param><value>${text}</value></param></params></methodCall>`,
    ];
    fc.assert(
      fc.property(markupText(60), (text) => {
        for (const xml of inside(text)) onlyXmlRpcErrors(xml);
      }),
      { numRuns: 1000 },
    );
  });
});
