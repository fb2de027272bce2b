import { encodeBase64 } from './base64.js';
import type { EncodeOptions } from './codecOptions.js';
import { formatDateTime } from './dateTime.js';
import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, isInt32 } from './integerBounds.js';
import { XmlRpcEncodeError } from './XmlRpcEncodeError.js';
import { type XmlRpcParam, type XmlRpcParamStruct, XmlRpcTyped } from './XmlRpcValue.js';
import { escapeXmlText } from './xmlText.js';

/*
 * JavaScript to `<value>` XML, one encoder per kind of value. Problems are thrown as `EncodeFailure`s
 * that collect the value's path while unwinding, so the success path never builds path strings.
 */

/** An encoding problem on its way up; `path` holds steps innermost first. */
class EncodeFailure {
  readonly path: string[] = [];
  constructor(readonly problem: string) {}
}

function addStep(error: unknown, step: string): unknown {
  if (error instanceof EncodeFailure) error.path.push(step);
  return error;
}

/**
 * Collects the output in chunks of a few kilobytes joined once at the end, never as one long `+=`
 * chain (why: bench/NOTES.md, "Large documents in the codec").
 */
export class XmlWriter {
  private readonly chunks: string[] = [];
  private chunk = '';

  write(text: string): void {
    this.chunk += text;
    if (this.chunk.length > 8192) {
      // Past a few chunks, each chunk is flattened as it is stored (reading a character does it);
      // small documents skip the extra copy.
      if (this.chunks.length >= 16) this.chunk.charCodeAt(0);
      this.chunks.push(this.chunk);
      this.chunk = '';
    }
  }

  toString(): string {
    this.chunks.push(this.chunk);
    return this.chunks.join('');
  }
}

/** Cycles and absurd nesting end here instead of in a stack overflow. */
const MAX_DEPTH = 512;

function text(value: string): string {
  return escapeXmlText(value, (index, code) => {
    throw new EncodeFailure(
      `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at index ${index} cannot be carried by XML 1.0`,
    );
  });
}

/** Plain decimal notation with a decimal point: XML-RPC's `<double>` grammar has no exponent. */
function formatDouble(n: number): string {
  if (!Number.isFinite(n)) throw new EncodeFailure(`${n} cannot be sent: XML-RPC has no NaN or Infinity`);
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return Number.isInteger(n) ? `${s}.0` : s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  // Where the decimal point lands, counted in digits from the left of `digits`.
  const shift = (point < 0 ? mantissa.length : point) + exponent;
  const body =
    shift <= 0
      ? `0.${'0'.repeat(-shift)}${digits}`
      : shift >= digits.length
        ? `${digits}${'0'.repeat(shift - digits.length)}.0`
        : `${digits.slice(0, shift)}.${digits.slice(shift)}`;
  return negative ? `-${body}` : body;
}

function encodeInteger(value: number | bigint, type: 'int' | 'i8'): string {
  const big = BigInt(value);
  const fits =
    type === 'int'
      ? big >= BigInt(INT32_MIN) && big <= BigInt(INT32_MAX)
      : big >= INT64_MIN && big <= INT64_MAX;
  if (!fits) throw new EncodeFailure(`${value} does not fit <${type}> (${type === 'int' ? '32' : '64'}-bit)`);
  return `<value><${type}>${big}</${type}></value>`;
}

function encodeNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (isInt32(n)) return `<value><int>${n}</int></value>`;
    if (Number.isSafeInteger(n)) return `<value><i8>${n}</i8></value>`;
  }
  // Fractions and integers past 2^53 (already rounded, so not exact integers any more).
  return `<value><double>${formatDouble(n)}</double></value>`;
}

function encodeTyped(typed: XmlRpcTyped): string {
  const { type, value } = typed;
  if (type === 'base64') return `<value><base64>${encodeBase64(value as Uint8Array)}</base64></value>`;
  if (type === 'double') {
    if (typeof value !== 'number') throw new EncodeFailure('asDouble() needs a number');
    return `<value><double>${formatDouble(value)}</double></value>`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new EncodeFailure(`as${type === 'int' ? 'Int' : 'I8'}() needs an integer, got ${value}`);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new EncodeFailure(`${value} is past 2^53 and no longer exact; pass a bigint`);
  }
  return encodeInteger(value as number | bigint, type);
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof Uint8Array
    ? value
    : ArrayBuffer.isView(value)
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value);
}

function isPlainObject(value: object): value is XmlRpcParamStruct {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encodeArray(out: XmlWriter, values: readonly XmlRpcParam[], allowNil: boolean, depth: number): void {
  out.write('<value><array><data>');
  for (let i = 0; i < values.length; i++) {
    const item = values[i];
    try {
      if (item === undefined) throw new EncodeFailure('undefined in an array (use null)');
      encode(out, item, allowNil, depth + 1);
    } catch (error) {
      throw addStep(error, `[${i}]`);
    }
  }
  out.write('</data></array></value>');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function encodeStruct(out: XmlWriter, struct: XmlRpcParamStruct, allowNil: boolean, depth: number): void {
  out.write('<value><struct>');
  for (const name in struct) {
    if (!Object.hasOwn(struct, name)) continue;
    const member = struct[name];
    if (member === undefined) continue; // like JSON.stringify
    try {
      out.write(`<member><name>${text(name)}</name>`);
      encode(out, member, allowNil, depth + 1);
      out.write('</member>');
    } catch (error) {
      throw addStep(error, IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);
    }
  }
  out.write('</struct></value>');
}

function encode(out: XmlWriter, value: XmlRpcParam, allowNil: boolean, depth: number): void {
  switch (typeof value) {
    case 'string':
      out.write(`<value><string>${text(value)}</string></value>`);
      break;
    case 'number':
      out.write(encodeNumber(value));
      break;
    case 'boolean':
      out.write(value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
      break;
    case 'bigint':
      out.write(encodeInteger(value, 'i8'));
      break;
    case 'object':
      encodeObject(out, value, allowNil, depth);
      break;
    default:
      throw new EncodeFailure(`${typeof value} cannot be sent over XML-RPC`);
  }
}

function encodeObject(
  out: XmlWriter,
  value: (XmlRpcParam & object) | null,
  allowNil: boolean,
  depth: number,
): void {
  if (value === null) {
    if (!allowNil) throw new EncodeFailure('null cannot be sent: `allowNil` is false');
    out.write('<value><nil/></value>');
  } else if (depth >= MAX_DEPTH) {
    throw new EncodeFailure(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  } else if (Array.isArray(value)) {
    encodeArray(out, value, allowNil, depth);
  } else if (value instanceof Date) {
    const formatted = formatDateTime(value);
    if (formatted === undefined) throw new EncodeFailure('Date is invalid or outside years 0000-9999');
    out.write(`<value><dateTime.iso8601>${formatted}</dateTime.iso8601></value>`);
  } else if (value instanceof XmlRpcTyped) {
    out.write(encodeTyped(value));
  } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    out.write(`<value><base64>${encodeBase64(bytesOf(value))}</base64></value>`);
  } else if (isPlainObject(value)) {
    encodeStruct(out, value, allowNil, depth);
  } else {
    throw new EncodeFailure(
      `${value.constructor?.name ?? 'object'} is not a plain object, array, Date or bytes`,
    );
  }
}

/**
 * Encodes one value as a `<value>…</value>` fragment. Throws `XmlRpcEncodeError` naming the value's
 * path (`path` is its root, as in `params[1]`).
 */
export function encodeValue(value: XmlRpcParam, options?: EncodeOptions, path = 'value'): string {
  const out = new XmlWriter();
  writeValue(out, value, options, path);
  return out.toString();
}

/**
 * Writes one value's `<value>…</value>` into `out`, for documents built in one writer (one copy of
 * the text at the end instead of one per nesting level). Throws like {@link encodeValue}.
 */
export function writeValue(
  out: XmlWriter,
  value: XmlRpcParam,
  options: EncodeOptions | undefined,
  path: string,
): void {
  try {
    encode(out, value, options?.allowNil ?? true, 0);
  } catch (error) {
    if (!(error instanceof EncodeFailure)) throw error;
    throw new XmlRpcEncodeError(error.problem, path + error.path.reverse().join(''));
  }
}

/** Escapes text for element content, throwing `XmlRpcEncodeError` at `path` for characters XML cannot carry. */
export function encodeText(value: string, path: string): string {
  try {
    return text(value);
  } catch (error) {
    if (!(error instanceof EncodeFailure)) throw error;
    throw new XmlRpcEncodeError(error.problem, path);
  }
}
