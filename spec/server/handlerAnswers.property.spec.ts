import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';

/**
 * The handler's contract: whatever string comes in, its promise resolves to a `<methodResponse>`
 * that the library's own decoder reads as a value or an `XmlRpcFault`, never a parse error, and the
 * promise never rejects.
 */

const charOf = (code: number) => String.fromCharCode(code);
const handler = createXmlRpcHandler({
  echo: (value) => value,
  add: (a: number, b: number) => a + b,
  // Results and faults that carry any UTF-16 code unit, U+FFFE and lone surrogates included.
  char: (code: number) => charOf(code),
  throwChar: (code: number) => {
    throw new Error(`bad ${charOf(code)}`);
  },
  faultChar: (code: number) => {
    throw new XmlRpcFault(code, `fault ${charOf(code)}`);
  },
});

async function answersWithAResponse(xml: string): Promise<void> {
  const response = await handler(xml);
  expect(response).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><methodResponse>/);
  try {
    decodeMethodResponse(response);
  } catch (error) {
    if (!(error instanceof XmlRpcFault)) throw error;
  }
}

/** Any UTF-16 code unit, with the troublemakers (NUL, U+FFFE, U+FFFF, lone surrogates) made likely. */
const codeUnit = fc.oneof(
  fc.constantFrom(0, 0x1, 0x8, 0xb, 0x1f, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffe, 0xffff),
  fc.integer({ min: 0, max: 0xffff }),
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(codeUnit.map(charOf), { maxLength: 40 }).map((units) => units.join('')),
);
const MARKUP = [
  '<',
  '>',
  '/',
  '&',
  ';',
  '#x',
  '"',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
];
const TAGS = 'methodCall methodName params param value array data struct member name int string'.split(' ');
const xmlishText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...MARKUP),
      fc.constantFrom(...TAGS).map((tag) => `<${tag}>`),
      fc.constantFrom(...TAGS).map((tag) => `</${tag}>`),
      fc.constantFrom(...TAGS).map((tag) => `<${tag}/>`),
      codeUnit.map(charOf),
      fc.constantFrom('system.multicall', 'echo', 'add', 'char', 'throwChar', 'faultChar', '65534', '0'),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const call = (methodName: string, code: number) => ({ methodName, params: [code] });
const VALID = [
  encodeMethodCall('add', [1, 2]),
  encodeMethodCall('echo', [{ a: [1, 'x', true, null], 'b c': new Date(0) }]),
  encodeMethodCall('char', [0xfffe]),
  encodeMethodCall('throwChar', [0xffff]),
  encodeMethodCall('faultChar', [0]),
  encodeMethodCall('system.multicall', [
    [call('char', 0xd800), call('throwChar', 0xfffe), call('faultChar', 0xffff), call('add', 1), 'x'],
  ]),
];
/** A valid request with one stretch replaced by random text (deletion, insertion, truncation alike). */
const mutatedRequest = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat({ max: 30 }), fc.oneof(anyText, xmlishText))
  .map(([xml, at, length, text]) => {
    const start = at % (xml.length + 1);
    return xml.slice(0, start) + text + xml.slice(start + length);
  });

describe('createXmlRpcHandler answers every string with a well-formed methodResponse', () => {
  it('for the requests whose fault texts once quoted U+FFFE and rejected', async () => {
    for (const xml of ['<\uFFFE', '<\uFFFF', '<methodCall><methodName>a\uFFFEb</methodName></methodCall>']) {
      await answersWithAResponse(xml);
    }
  });

  it.each([
    ['any text, every UTF-16 code unit included', anyText],
    ['random XML-ish fragments', xmlishText],
    ['mutated valid requests', mutatedRequest],
  ])('for %s', async (_, text) => {
    await fc.assert(fc.asyncProperty(text, answersWithAResponse), { numRuns: 500 });
  });

  it('for valid requests whose results and faults carry characters XML cannot', async () => {
    await fc.assert(
      fc.asyncProperty(codeUnit, fc.constantFrom('char', 'throwChar', 'faultChar'), async (code, name) => {
        await answersWithAResponse(encodeMethodCall(name, [code]));
        await answersWithAResponse(
          encodeMethodCall('system.multicall', [[call(name, code), call('add', 1)]]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
