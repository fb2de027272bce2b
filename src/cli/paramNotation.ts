/**
 * JSON for XML-RPC values, both ways, so that command-line params and printed results lose nothing.
 *
 * Plain JSON maps the obvious way: a string is `<string>`, an integer `<int>` (`<i8>` past 32 bits),
 * any other number `<double>`, `true`/`false` `<boolean>`, `null` `<nil/>`, an array `<array>`, an
 * object `<struct>`. The types JSON cannot say are written as an object with exactly one member
 * whose name starts with `$`:
 *
 * | Notation                                 | XML-RPC                                              |
 * | ---------------------------------------- | ---------------------------------------------------- |
 * | `{"$dateTime": "2026-01-01T00:00:00Z"}`  | `dateTime.iso8601` (ISO 8601; no offset means UTC)   |
 * | `{"$base64": "AAEC"}`                    | `base64`                                             |
 * | `{"$i8": "123"}` (or a safe integer)     | `i8` (a string keeps every digit of 64 bits)         |
 * | `{"$int": 5}`                            | `int`                                                |
 * | `{"$double": 1}`                         | `double`, even when integral                         |
 * | `{"$struct": {"$x": 1}}`                 | the struct given, taken literally                    |
 *
 * Printing goes the other way: a `Date` prints as `$dateTime`, bytes as `$base64`, a `bigint` as
 * `$i8`, a double too large for JSON as `{"$double": "Infinity"}`, and a struct that would read as
 * notation (one member starting with `$`) inside `$struct`.
 */
import { decodeBase64, encodeBase64 } from '../codec/base64.js';
import { parseDateTime } from '../codec/dateTime.js';
import { INT64_MAX, INT64_MIN, isInt32 } from '../codec/integerBounds.js';
import {
  asDouble,
  asI8,
  asInt,
  type XmlRpcParam,
  type XmlRpcStruct,
  type XmlRpcValue,
} from '../codec/XmlRpcValue.js';
import { parseExactJson, UnsafeJsonInteger } from './parseExactJson.js';

/** A JSON value, as `JSON.parse` returns and `JSON.stringify` takes. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };

const INTEGER_TEXT = /^-?\d+$/;

/** Reads one notation object's content; `path` names the value in errors. */
type NotationReader = (content: unknown, path: string) => XmlRpcParam;

const READERS: Readonly<Record<string, NotationReader>> = {
  $dateTime: (content, path) => {
    if (typeof content !== 'string') throw notationError(path, '$dateTime', 'an ISO 8601 string', content);
    const date = parseDateTime(content, 'UTC');
    if (typeof date === 'string')
      throw new TypeError(`${path}: $dateTime ${JSON.stringify(content)}: ${date}`);
    return date;
  },
  $base64: (content, path) => {
    if (typeof content !== 'string') throw notationError(path, '$base64', 'a base64 string', content);
    const bytes = decodeBase64(content);
    if (typeof bytes === 'string') throw new TypeError(`${path}: $base64 is not valid base64: ${bytes}`);
    return bytes;
  },
  $i8: (content, path) => {
    const value = integerOf(content);
    if (value === undefined) {
      throw notationError(path, '$i8', 'a string of digits or a safe integer', content);
    }
    if (value < INT64_MIN || value > INT64_MAX)
      throw new TypeError(`${path}: $i8 ${value} does not fit 64 bits`);
    return asI8(value);
  },
  $int: (content, path) => {
    if (!isInt32(content)) {
      throw notationError(path, '$int', 'an integer in 32 bits', content);
    }
    return asInt(content as number);
  },
  $double: (content, path) => {
    // A double is rounded as asked: an integer past 2^53 is welcome here.
    const number = content instanceof UnsafeJsonInteger ? Number(content.text) : content;
    if (typeof number !== 'number') throw notationError(path, '$double', 'a number', content);
    return asDouble(number);
  },
  $struct: (content, path) => {
    if (!isJsonObject(content)) throw notationError(path, '$struct', 'an object', content);
    return structOf(content, path);
  },
};

/**
 * The XML-RPC param a JSON value (as `JSON.parse` returns it) stands for, reading the `$` notation.
 *
 * @example
 * ```ts
 * fromNotation({ at: { $dateTime: '2026-01-01T00:00:00Z' }, n: { $i8: '9007199254740993' } });
 * // { at: new Date('2026-01-01T00:00:00Z'), n: asI8(9007199254740993n) }
 * ```
 * @param json The parsed JSON.
 * @param path Where the value sits, for error messages (`params[0]`).
 * @throws TypeError Naming the path, for bad notation or an integer JSON cannot carry exactly.
 */
export function fromNotation(json: unknown, path = 'value'): XmlRpcParam {
  if (json instanceof UnsafeJsonInteger) throw unsafeIntegerError(path, json.text);
  if (typeof json === 'number') {
    if (Number.isInteger(json) && !Number.isSafeInteger(json)) throw unsafeIntegerError(path, String(json));
    return json;
  }
  if (typeof json === 'string' || typeof json === 'boolean' || json === null) return json;
  if (Array.isArray(json)) return json.map((item, index) => fromNotation(item, `${path}[${index}]`));
  if (!isJsonObject(json)) throw new TypeError(`${path}: not a JSON value`);
  const names = Object.keys(json);
  const only = names.length === 1 ? names[0]! : undefined;
  if (only?.startsWith('$')) {
    const read = READERS[only];
    if (read === undefined) {
      throw new TypeError(
        `${path}: unknown notation ${JSON.stringify(only)} (known: ${Object.keys(READERS).join(', ')}; ` +
          'wrap a struct whose only member starts with "$" as {"$struct": {…}})',
      );
    }
    return read(json[only], path);
  }
  return structOf(json, path);
}

/**
 * Parses one command-line param: a JSON text in the `$` notation of {@link fromNotation}.
 *
 * @param text The argument as typed.
 * @param path Where the param sits, for error messages (`params[0]`).
 * @throws TypeError Naming the path, for text that is not JSON or holds bad notation.
 */
export function parseParam(text: string, path: string): XmlRpcParam {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const hint = /^[\w.-]+$/.test(text) ? ` (a string must be quoted: '"${text}"')` : '';
    throw new TypeError(`${path} is not JSON: ${text.slice(0, 60)}${hint}`);
  }
  return readExactly(text, json, (param) => fromNotation(param, path));
}

/**
 * `read(json)`, where `json` is what `JSON.parse` made of `text`. When `read` refuses it (throws a
 * `TypeError`), `text` is read again with its integers past 2^53 kept as typed (`parseExactJson`),
 * so that the error quotes the user's own digits rather than `JSON.parse`'s rounding of them. Only
 * a refusal pays for the second reading.
 *
 * @param text JSON text that `JSON.parse` accepted.
 * @param json `JSON.parse(text)`.
 * @param read Reads the notation, throwing a `TypeError` for what it refuses.
 */
export function readExactly<T>(text: string, json: unknown, read: (json: unknown) => T): T {
  try {
    return read(json);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return read(parseExactJson(text));
  }
}

/**
 * A decoded XML-RPC value as JSON that loses nothing: the reverse of {@link fromNotation}.
 *
 * @example
 * ```ts
 * JSON.stringify(toNotation([new Date(0), new Uint8Array([0, 1, 2]), 2n ** 60n]));
 * // [{"$dateTime":"1970-01-01T00:00:00Z"},{"$base64":"AAEC"},{"$i8":"1152921504606846976"}]
 * ```
 */
export function toNotation(value: XmlRpcValue): JsonValue {
  if (typeof value === 'bigint') return { $i8: value.toString() };
  // JSON has no Infinity: `<double>1e999</double>` would print as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return { $double: String(value) };
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return { $dateTime: value.toISOString().replace('.000Z', 'Z') };
  if (value instanceof Uint8Array) return { $base64: encodeBase64(value) };
  if (Array.isArray(value)) return value.map(toNotation);
  // fromEntries defines members, so a "__proto__" member stays a member.
  const struct = Object.fromEntries(
    Object.entries(value as XmlRpcStruct).map(([k, v]) => [k, toNotation(v)]),
  );
  const names = Object.keys(struct);
  return names.length === 1 && names[0]!.startsWith('$') ? { $struct: struct } : struct;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof UnsafeJsonInteger)
  );
}

/** A struct param from a JSON object, its members read as notation. */
function structOf(json: Record<string, unknown>, path: string): XmlRpcParam {
  return Object.fromEntries(
    Object.entries(json).map(([name, member]) => [name, fromNotation(member, `${path}.${name}`)]),
  );
}

/** The integer a `$i8` holds: digits in a string, or a safe integer. */
function integerOf(content: unknown): bigint | undefined {
  if (typeof content === 'string' && INTEGER_TEXT.test(content)) return BigInt(content);
  if (Number.isSafeInteger(content)) return BigInt(content as number);
  return undefined;
}

function notationError(path: string, notation: string, expected: string, got: unknown): TypeError {
  const shown = got instanceof UnsafeJsonInteger ? got.text : (JSON.stringify(got) ?? String(got));
  return new TypeError(`${path}: ${notation} needs ${expected}, but got ${shown}`);
}

/** The error for an integer JSON cannot carry exactly, quoting it as `text` and saying what to write. */
function unsafeIntegerError(path: string, text: string): TypeError {
  const fitsI8 = INTEGER_TEXT.test(text) && BigInt(text) >= INT64_MIN && BigInt(text) <= INT64_MAX;
  const hint = fitsI8
    ? `write {"$i8": "${text}"} (or {"$double": ${text}} for a double)`
    : `write {"$double": ${text}} for a double, or {"$i8": "<digits>"} for an integer of 64 bits at most`;
  return new TypeError(
    `${path}: ${text} is an integer past 2^53, which a JSON number cannot carry exactly; ${hint}`,
  );
}

/** The notation as `--help` explains it. */
export const PARAM_NOTATION_HELP = `Param notation: each param is JSON. Strings must be quoted ('"web"'); integers are <int>
(<i8> past 32 bits), other numbers <double>, null is <nil/>, arrays and objects are <array> and
<struct>. Types JSON cannot say are one-member objects:
  {"$dateTime": "2026-01-01T00:00:00Z"}   dateTime.iso8601 (ISO 8601; no offset means UTC)
  {"$base64": "AAEC"}                     base64
  {"$i8": "9007199254740993"}             i8 (a string keeps all 64 bits)
  {"$int": 5}   {"$double": 1}            int, or a double even when integral
  {"$struct": {"$x": 1}}                  a struct whose only member starts with "$"
Results print in the same notation, so they can be sent back as params.`;
