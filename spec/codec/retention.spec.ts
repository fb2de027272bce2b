import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { decodeResponseEntries } from '../../src/codec/decodeResponseEntries.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import type { XmlRpcStruct } from '../../src/codec/XmlRpcValue.js';

/**
 * "Decoded strings must not keep the whole response body alive": V8 represents a slice of a string
 * as a view on its parent, so one kept field could pin a whole body. A poller keeping one small
 * string from each of 30 bodies of 2 MB must not keep 60 MB alive.
 */

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RESPONSES = 30;
const BODY_SIZE = 2 * 1024 * 1024;
/** Far below the 60 MB that 30 retained bodies would hold. */
const MAX_GROWTH = 10 * 1024 * 1024;

/** Heap plus external memory: Node hands large decoded bodies over as external strings, outside the heap. */
function memoryUsed(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Entries of unique text adding up to about 2 MB, so no two bodies share anything. */
function filler(i: number): string {
  const entry = `<value><string>${`filler ${i} of a large body, `.repeat(100)}</string></value>`;
  return entry.repeat(Math.ceil(BODY_SIZE / entry.length));
}

/** A flat copy, as an HTTP client hands a body over (not a rope of the pieces it was built from). */
function flat(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

/**
 * Keeps what `keep` picks from each of 30 decoded bodies and returns the memory growth they cause,
 * with what was kept. Check the kept values only afterwards: comparing a string flattens it, which
 * would hide a rope still pointing into the body.
 */
function retainedBy(
  body: (i: number) => string,
  keep: (xml: string) => unknown[],
): { growth: number; kept: unknown[][] } {
  const kept: unknown[][] = [];
  const before = memoryUsed();
  for (let i = 0; i < RESPONSES; i++) {
    const xml = flat(body(i));
    kept.push(keep(xml));
  }
  const growth = memoryUsed() - before;
  expect(flat(body(0)).length).toBeGreaterThan(BODY_SIZE);
  return { growth, kept };
}

describe('decoded values do not keep the body alive', () => {
  it('a small string, an escaped string, a member name and a decimal kept from each response', () => {
    const body = (i: number) =>
      '<?xml version="1.0"?><methodResponse><params><param><value><array><data>' +
      `<value><struct><member><name>member name number ${i}</name><value><string>kept string number ${i}, plain</string></value></member></struct></value>` +
      `<value><string>kept &amp; escaped string &lt;${i}&gt;</string></value>` +
      `<value><ex:bigdecimal>3.14159265358979323846${i}</ex:bigdecimal></value>` +
      `${filler(i)}</data></array></value></param></params></methodResponse>`;
    const { growth, kept } = retainedBy(body, (xml) => {
      const [struct, escaped, decimal] = decodeMethodResponse(xml) as [XmlRpcStruct, string, string];
      const [name] = Object.keys(struct);
      return [name, struct[name!], escaped, decimal];
    });
    expect(growth).toBeLessThan(MAX_GROWTH);
    expect(kept[7]).toEqual([
      'member name number 7',
      'kept string number 7, plain',
      'kept & escaped string <7>',
      '3.141592653589793238467',
    ]);
  });

  it('a parse error kept from a bad entry of each response', () => {
    const body = (i: number) =>
      '<?xml version="1.0"?><methodResponse><params><param><value><array><data>' +
      `<value><unknownTypeNumber${i}>not a value</unknownTypeNumber${i}></value>` +
      `<value><dateTime.iso8601>not a date, entry of response ${i}</dateTime.iso8601></value>` +
      `${filler(i)}</data></array></value></param></params></methodResponse>`;
    const { growth, kept } = retainedBy(body, (xml) => {
      const { entries } = decodeResponseEntries(xml) as { entries: unknown[] };
      return [entries[0], entries[1]];
    });
    expect(growth).toBeLessThan(MAX_GROWTH);
    for (const error of kept.flat()) expect(error).toBeInstanceOf(XmlRpcParseError);
    expect(String(kept[7]?.[0])).toContain('unknown value type <unknownTypeNumber7>');
  });

  it('a method name and a param kept from each call', () => {
    const body = (i: number) =>
      `<?xml version="1.0"?><methodCall><methodName>service.method.number${i}</methodName><params>` +
      `<param><value>untyped param number ${i}</value></param>` +
      `<param><value><array><data>${filler(i)}</data></array></value></param></params></methodCall>`;
    const { growth, kept } = retainedBy(body, (xml) => {
      const { methodName, params } = decodeMethodCall(xml);
      return [methodName, params[0]];
    });
    expect(growth).toBeLessThan(MAX_GROWTH);
    expect(kept[7]).toEqual(['service.method.number7', 'untyped param number 7']);
  });
});
