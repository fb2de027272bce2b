import type { XmlRpcStruct, XmlRpcValue } from 'rxjs-xmlrpc';
import { createPrng, type Prng } from '../lib/createPrng.js';

/** A generated `system.multicall` response and the value it carries. */
export interface MulticallResponseFixture {
  /** Number of multicall entries. */
  readonly entries: number;
  /** The `<methodResponse>` document. */
  readonly xml: string;
  /** Its size in UTF-8 bytes (what travels on the wire, and what MB/s is computed from). */
  readonly bytes: number;
  /**
   * The multicall result array the document encodes: `[struct]` for a success, a fault struct for
   * every 20th entry. This is also what the encode benchmarks encode.
   */
  readonly value: XmlRpcValue[];
}

/** Every 20th entry (20th, 40th, …) is a fault, as in a batch where a few calls fail. */
const FAULT_EVERY = 20;

/**
 * Generates a deterministic `system.multicall` response of `entries` entries of mixed types, about
 * 1 KB each (the 10,000-entry document is about 10 MB). A success entry is a one-element array holding
 * a struct of 9 members: strings with `&amp; &lt; &gt;` escapes and non-ASCII text, ints, an integer
 * beyond int32 (`<i8>`), a double, a boolean, a `dateTime.iso8601`, 32 bytes of base64 and nested
 * arrays. The same `entries` and `seed` always give the same bytes.
 *
 * The XML is written here, not by the codec under test, so the benchmark documents do not depend on it.
 *
 * @example
 * ```ts
 * const { xml, value } = generateMulticallResponse(1000);
 * ```
 */
export function generateMulticallResponse(entries: number, seed = 1): MulticallResponseFixture {
  if (!Number.isInteger(entries) || entries < 1) {
    throw new RangeError(`\`entries\` must be a positive integer: ${entries}`);
  }
  const prng = createPrng(seed);
  const value: XmlRpcValue[] = [];
  for (let index = 0; index < entries; index++) {
    value.push((index + 1) % FAULT_EVERY === 0 ? faultEntry(prng, index) : successEntry(prng, index));
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse><params><param><value><array><data>\n',
  ];
  for (const entry of value) {
    writeValue(entry, out);
    out.push('\n');
  }
  out.push('</data></array></value></param></params></methodResponse>\n');
  const xml = out.join('');
  return { entries, xml, bytes: Buffer.byteLength(xml, 'utf8'), value };
}

const PRODUCTS = ['Widget <XL>', 'Bolts & Nuts', 'Gear > 40mm', 'Plain sprocket', 'Cable 3m & plug <EU>'];
const CITIES = ['Zürich — 東京 ✓', 'São Paulo', 'Kraków — Łódź', 'Αθήνα ✓', 'München & Köln', 'Reykjavík'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const FAULTS = [
  { faultCode: -32601, faultString: 'server error. requested method <%> not found' },
  { faultCode: -32602, faultString: 'server error. invalid method parameters & types' },
  { faultCode: 4, faultString: 'Too many parameters: expected < 3, got > 5' },
];
/** Dates between 1990 and 2030, whole seconds (XML-RPC dates carry no milliseconds). */
const DATE_FROM = Date.UTC(1990, 0, 1) / 1000;
const DATE_TO = Date.UTC(2030, 0, 1) / 1000;

function successEntry(prng: Prng, index: number): XmlRpcValue[] {
  const token = new Uint8Array(32);
  for (let i = 0; i < token.length; i++) token[i] = prng.int(0, 255);
  const struct: XmlRpcStruct = {
    id: index * 10 + prng.int(0, 9),
    name: `${prng.pick(PRODUCTS)} — #${index} "${prng.pick(WORDS)}" (qty < ${prng.int(2, 99)})`,
    city: prng.pick(CITIES),
    // Beyond int32 but a safe integer: `<i8>`, a `number` when decoded.
    total: 2 ** 40 + prng.int(0, 2 ** 30),
    // An odd multiple of 1/128 is never integral and prints exactly in plain decimal.
    price: (2 * prng.int(0, 2 ** 24) + 1) / 128,
    active: prng.next() < 0.5,
    updated: new Date(prng.int(DATE_FROM, DATE_TO) * 1000),
    token,
    tags: [
      // At least 13 characters, so a decoder that slices it out of the document would keep the
      // document alive (V8 copies shorter substrings); the retention check keeps this one.
      `tag-${prng.pick(WORDS)}-${String(index).padStart(6, '0')}`,
      prng.int(-1000, 1000),
      [prng.pick(WORDS), (2 * prng.int(-5000, 5000) + 1) / 8, prng.next() < 0.5],
    ],
  };
  return [struct];
}

function faultEntry(prng: Prng, index: number): XmlRpcStruct {
  const fault = prng.pick(FAULTS);
  return { faultCode: fault.faultCode, faultString: `${fault.faultString} (call ${index})` };
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A minimal XML-RPC writer for the generated value shapes only. */
function writeValue(value: XmlRpcValue, out: string[]): void {
  if (typeof value === 'string') {
    out.push('<value><string>', escapeText(value), '</string></value>');
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) out.push('<value><double>', String(value), '</double></value>');
    else if (value >= INT32_MIN && value <= INT32_MAX)
      out.push('<value><int>', String(value), '</int></value>');
    else out.push('<value><i8>', String(value), '</i8></value>');
  } else if (typeof value === 'boolean') {
    out.push('<value><boolean>', value ? '1' : '0', '</boolean></value>');
  } else if (value instanceof Date) {
    out.push('<value><dateTime.iso8601>', formatDate(value), '</dateTime.iso8601></value>');
  } else if (value instanceof Uint8Array) {
    out.push('<value><base64>', Buffer.from(value).toString('base64'), '</base64></value>');
  } else if (Array.isArray(value)) {
    out.push('<value><array><data>');
    for (const item of value) writeValue(item, out);
    out.push('</data></array></value>');
  } else if (value !== null && typeof value === 'object') {
    out.push('<value><struct>');
    for (const [name, member] of Object.entries(value)) {
      out.push('<member><name>', escapeText(name), '</name>');
      writeValue(member, out);
      out.push('</member>');
    }
    out.push('</struct></value>');
  } else {
    throw new TypeError(`the generator does not write ${typeof value} values`);
  }
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `YYYYMMDDTHH:MM:SS` in UTC, the spec's form. */
function formatDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`;
}
