import { type DecodeOptions, decodeMethodCall, decodeMethodResponse, XmlRpcError } from 'rxjs-xmlrpc';
import type { BenchSuite } from '../lib/BenchSuite.js';
import { progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import { measure } from '../lib/measure.js';

/**
 * Hostile input for the decoder: for each construct an attacker can blow up, the decode time of a
 * document at size N and at 2N. Work linear in the input makes the 2N/N ratio about 2; a quadratic
 * scan shows as about 4. (Before issue 10, an 80,000-digit `<double>` followed by `x` took about 10 s,
 * with a ratio of 3.7, and 40,000 attributes on one tag 8.5 s, with a ratio of 4.3.)
 */

/** One hostile construct: a document of size `n` and the options to decode it with. */
interface HostileCase {
  readonly name: string;
  /** N; the case is also measured at 2N. */
  readonly n: number;
  readonly document: (n: number) => string;
  readonly options?: DecodeOptions;
  readonly call?: boolean;
}

const response = (param: string) =>
  `<?xml version="1.0"?><methodResponse><params><param>${param}</param></params></methodResponse>`;
const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="v"`).join('');

/** The digit limits raised, so that the number scanner itself reads every digit. */
const NO_DIGIT_LIMIT: DecodeOptions = { maxDecimalDigits: Infinity, maxIntegerDigits: Infinity };

const CASES: readonly HostileCase[] = [
  {
    name: '`<double>` of N digits then `x`',
    n: 40_000,
    document: (n) => response(`<value><double>${'1'.repeat(n)}x</double></value>`),
    options: NO_DIGIT_LIMIT,
  },
  {
    name: '`<ex:bigdecimal>` of N digits, `.`, then `x`',
    n: 40_000,
    document: (n) => response(`<value><ex:bigdecimal>${'1'.repeat(n)}.x</ex:bigdecimal></value>`),
    options: NO_DIGIT_LIMIT,
  },
  {
    name: '`<int>` of N digits then `x`',
    n: 40_000,
    document: (n) => response(`<value><int>${'1'.repeat(n)}x</int></value>`),
    options: NO_DIGIT_LIMIT,
  },
  {
    name: 'N attributes on one tag',
    n: 20_000,
    document: (n) => response(`<value${attributes(n)}>1</value>`),
  },
  {
    name: 'N attributes, the last one repeating the first',
    n: 20_000,
    document: (n) => response(`<value${attributes(n)} a0="v">1</value>`),
  },
  {
    name: 'attribute value of N `&amp;`',
    n: 100_000,
    document: (n) => response(`<value a="${'&amp;'.repeat(n)}">1</value>`),
  },
  {
    name: 'comment of N `- `',
    n: 200_000,
    document: (n) => response(`<value><!--${'- '.repeat(n)}-->1</value>`),
  },
  {
    name: 'comment of N `-` then no end',
    n: 200_000,
    document: (n) => response(`<value><!--${' -'.repeat(n)}1</value>`),
  },
  {
    name: 'CDATA of N `]`',
    n: 200_000,
    document: (n) => response(`<value><![CDATA[${']'.repeat(n)}]]></value>`),
  },
  {
    name: 'string of N `&amp;`',
    n: 100_000,
    document: (n) => response(`<value><string>${'&amp;'.repeat(n)}</string></value>`),
  },
  {
    name: 'string of N `]]` then `>`',
    n: 200_000,
    document: (n) => response(`<value><string>${']]'.repeat(n)}></string></value>`),
  },
  {
    name: 'N spaces around an `<int>`',
    n: 200_000,
    document: (n) => response(`<value><int>${' '.repeat(n)}1${' '.repeat(n)}</int></value>`),
  },
  {
    name: 'XML declaration with N spaces then `x`',
    n: 200_000,
    document: (n) => `<?xml version="1.0"${' '.repeat(n)}x?>${response('<value/>').slice(21)}`,
  },
  {
    name: 'N comments between array entries',
    n: 50_000,
    document: (n) => response(`<value><array><data>${'<!----><value/>'.repeat(n)}</data></array></value>`),
  },
  {
    name: 'N nested `<a>` then U+0000 (call: -32700)',
    n: 50_000,
    document: (n) =>
      `<methodCall><methodName>m</methodName><params><param><value>${'<a>'.repeat(n)}\u0000${'</a>'.repeat(n)}</value></param></params></methodCall>`,
    call: true,
  },
  {
    name: 'N invalid values, then U+0000 (call: -32700)',
    n: 20_000,
    document: (n) =>
      `<methodCall><methodName>m</methodName><params>${'<param><value><foo/></value></param>'.repeat(n)}<param><value>\u0000</value></param></params></methodCall>`,
    call: true,
  },
];

/** What decoding `xml` ends in, for the report: the value's type, or the error's first words. */
function outcome(decode: () => unknown): string {
  try {
    const value = decode();
    return `decoded (${Array.isArray(value) ? 'array' : typeof value})`;
  } catch (error) {
    if (!(error instanceof XmlRpcError)) throw error;
    const message = error.message.split(' at ')[0]!.split(':')[0]!;
    return `${message.length > 48 ? `${message.slice(0, 47)}…` : message}`;
  }
}

async function runHostileSuite(): Promise<string> {
  const rows: string[][] = [];
  for (const hostile of CASES) {
    const decode = (xml: string) => () =>
      hostile.call ? decodeMethodCall(xml, hostile.options) : decodeMethodResponse(xml, hostile.options);
    const run = (xml: string) => () => {
      try {
        decode(xml)();
      } catch (error) {
        if (!(error instanceof XmlRpcError)) throw error;
      }
    };
    const small = hostile.document(hostile.n);
    const large = hostile.document(2 * hostile.n);
    progress(`${hostile.name}, N = ${hostile.n.toLocaleString('en-US')}`);
    const atN = await measure(run(small));
    progress(`${hostile.name}, 2N = ${(2 * hostile.n).toLocaleString('en-US')}`);
    const at2N = await measure(run(large));
    rows.push([
      hostile.name,
      hostile.n.toLocaleString('en-US'),
      `${(small.length / 1e3).toFixed(0)} K`,
      atN.medianMs.toFixed(2),
      at2N.medianMs.toFixed(2),
      `${(at2N.medianMs / atN.medianMs).toFixed(2)}×`,
      outcome(decode(small)),
    ]);
  }
  const table = markdownTable(
    ['input', 'N', 'document at N (chars)', 'ms at N', 'ms at 2N', '2N ÷ N', 'outcome'],
    rows,
  );
  return (
    `Node ${process.version}. Median decode time of one document at size N and 2N (default limits, except the ` +
    'digit limits raised to Infinity where marked, so the scan itself reads every digit). A ratio near 2 ' +
    'is linear; about 4 would be quadratic. Small times are noisy: compare the ratios of the large ones.\n\n' +
    table
  );
}

/**
 * The hostile-input benchmark (`npm run bench -- hostile`): decode time at N and 2N for documents built
 * to make a decoder do more than linear work (long digit runs ending badly, many attributes, long
 * comments, CDATA and entity runs, deep nesting, a breach of XML after many invalid values).
 */
export const hostileSuite: BenchSuite = {
  name: 'hostile',
  title: 'Hostile input: decode time at N and 2N',
  run: runHostileSuite,
};
