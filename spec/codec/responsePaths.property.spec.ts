import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { mutate, mutation } from './mutations.js';

/**
 * `decodeResponseEntries` reads a small response's array with one txml call and a large one entry by
 * entry. The size must never change the answer: each document, read both ways, gives the same
 * entries or the same error.
 */

/** How one read ended, in comparable form: errors by class, message, path and well-formedness. */
function outcome(read: () => unknown): unknown {
  try {
    const result = read() as ReturnType<typeof decodeResponseEntries>;
    if (result.kind === 'value') return result;
    return {
      kind: 'array',
      entries: result.entries.map((entry) => (entry instanceof Error ? failure(entry) : entry)),
    };
  } catch (error) {
    if (!(error instanceof XmlRpcError)) throw error;
    return { thrown: failure(error) };
  }
}

function failure(error: Error): unknown {
  if (error instanceof XmlRpcFault) return { fault: [error.faultCode, error.faultString] };
  if (!(error instanceof XmlRpcParseError)) return { name: error.name, message: error.message };
  return { message: error.message, path: error.path, text: error.text, wellFormed: error.wellFormed };
}

function bothWays(xml: string): void {
  const whole = outcome(() => decodeResponseEntries(xml, { maxDepth: 8 }, Number.POSITIVE_INFINITY));
  const oneByOne = outcome(() => decodeResponseEntries(xml, { maxDepth: 8 }, 0));
  expect(oneByOne).toStrictEqual(whole);
}

/** Whitespace of both kinds, text, references and comments: what may stand between entries. */
const between = fc.constantFrom(
  '',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '  \n\t',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  '\u0085',
  '\u3000',
  '&#32;',
  '&#160;',
  '&amp;',
  '&bogus;',
  '&',
  'x',
  '\u0000',
  '<!-- c -->',
  '<![CDATA[ ]]>',
  '<![CDATA[y]]>',
);
const entry = fc.constantFrom(
  '<value>1</value>',
  '<value/>',
  '<value> <int> 2 </int> </value>',
  '<value>\u00A0<int>3</int></value>',
  '<value><int>\u00A04</int></value>',
  '<value><double>\u20285.5</double></value>',
  '<value><boolean>1\uFEFF</boolean></value>',
  '<value><string> s </string></value>',
  '<value><struct><member><name>a</name><value><i4>1</i4></value></member></struct></value>',
  '<value><array><data><value>y</value>\u00A0</data></array></value>',
  '<value><int>z</int></value>',
  '<value>&lt;&#x41;&bad;</value>',
  '<value><![CDATA[<]]></value>',
  '<value>a<!-- c -->b</value>',
  '<value><nil/></value>',
  '<int>1</int>',
);

const document = fc
  .array(fc.tuple(between, entry), { maxLength: 6 })
  .chain((pairs) =>
    between.map(
      (last) =>
        '<?xml version="1.0"?><methodResponse><params><param><value><array><data>' +
        `${pairs.map(([space, value]) => space + value).join('')}${last}` +
        '</data></array></value></param></params></methodResponse>',
    ),
  );

describe('the two ways of reading a response array', () => {
  it('give the same result for documents with any whitespace between and inside entries', () => {
    fc.assert(fc.property(document, bothWays), { numRuns: 1500 });
  });

  it('give the same result for randomly mutated documents', () => {
    fc.assert(
      fc.property(document, fc.array(mutation, { minLength: 1, maxLength: 3 }), (xml, mutations) =>
        bothWays(mutate(xml, mutations)),
      ),
      { numRuns: 3000 },
    );
  });
});
