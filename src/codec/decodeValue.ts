import type { TNode } from 'txml/txml';
import { decodeBase64 } from './base64.js';
import type { NormalizedDecodeOptions } from './codecOptions.js';
import { parseDateTime } from './dateTime.js';
import { INT64_MAX, INT64_MIN } from './integerBounds.js';
import { addStep, DecodeFailure } from './internal/DecodeFailure.js';
import type { XmlRpcStruct, XmlRpcValue } from './XmlRpcValue.js';
import { decodeXmlText, detach, skipXmlWhitespace, trimXmlWhitespace } from './xmlText.js';

/*
 * `<value>` element tree (from txml) to JavaScript, one decoder per XML-RPC type in the `DECODERS`
 * table. Problems are thrown as `DecodeFailure`s that collect the element path while unwinding.
 */

type Children = TNode['children'];
/** Decodes the children of one type element; `depth` counts enclosing arrays and structs. */
type Decoder = (children: Children, options: NormalizedDecodeOptions, depth: number) => XmlRpcValue;

const INTEGER = /^[+-]?[0-9]+$/;

function isWhitespace(text: string): boolean {
  return skipXmlWhitespace(text, 0) === text.length;
}

/**
 * The decoded text of an element that may hold only text. Comments are already gone, but each run of
 * text around one is decoded on its own: a reference cannot span a comment (`&am<!---->p;` is no `&`).
 */
export function textOf(children: Children): string {
  if (children.length === 1 && typeof children[0] === 'string') return decodeXmlText(children[0]);
  let text = '';
  for (const child of children) {
    if (typeof child !== 'string')
      throw new DecodeFailure(`unexpected element <${child.tagName}> inside text`);
    text += decodeXmlText(child);
  }
  return detach(text);
}

/**
 * The first run of text in `node`'s tree that is not well-formed XML text, as the failure decoding it
 * throws (its path below `node` included); `undefined` when every run is. The decoders check text as
 * they decode it, so a tree they refused for another reason may still hide one.
 */
export function findTextFault(node: TNode): DecodeFailure | undefined {
  let elements = 0;
  for (const child of node.children) {
    if (typeof child === 'string') {
      try {
        decodeXmlText(child);
      } catch (error) {
        if (error instanceof DecodeFailure) return error;
        throw error;
      }
      continue;
    }
    elements++;
    const fault = findTextFault(child);
    if (fault !== undefined) {
      const indexed = node.tagName === 'data' || node.tagName === 'struct';
      return addStep(fault, indexed ? `${child.tagName}[${elements}]` : child.tagName) as DecodeFailure;
    }
  }
  return undefined;
}

/** The element children, refusing any non-whitespace text among them (mixed content). */
function elementsOf(children: Children): TNode[] {
  const elements: TNode[] = [];
  for (const child of children) {
    if (typeof child !== 'string') elements.push(child);
    else if (!isWhitespace(child)) throw new DecodeFailure('unexpected text beside elements', child);
  }
  return elements;
}

/** Text of a scalar without the XML whitespace around it (servers pad numbers and dates). */
function scalarText(children: Children): string {
  return trimXmlWhitespace(textOf(children));
}

/**
 * Reads a `^[+-]?[0-9]+$` integer (within `[min, max]` when given), as a number when it is a safe
 * integer and a bigint otherwise, so no digit is ever lost.
 */
function integer(
  children: Children,
  options: NormalizedDecodeOptions,
  min?: bigint,
  max?: bigint,
): number | bigint {
  const text = scalarText(children);
  if (!INTEGER.test(text)) throw new DecodeFailure('not an integer', text);
  const sign = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.length - sign > options.maxIntegerDigits) {
    throw new DecodeFailure(
      `integer longer than the \`maxIntegerDigits\` limit of ${options.maxIntegerDigits}`,
      text,
    );
  }
  if (text.length - sign <= 15) {
    const n = Number(text);
    if (min !== undefined && max !== undefined && (n < Number(min) || n > Number(max))) {
      throw new DecodeFailure('integer out of range', text);
    }
    return n === 0 ? 0 : n; // -0 is not an integer value
  }
  const big = BigInt(text);
  if (min !== undefined && max !== undefined && (big < min || big > max)) {
    throw new DecodeFailure('integer out of range', text);
  }
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** An unbounded integer for `<int>`: 64-bit servers send values past int32 there. */
const decodeInt: Decoder = (children, options) => integer(children, options);
const decodeI1: Decoder = (children, options) => integer(children, options, -128n, 127n);
const decodeI2: Decoder = (children, options) => integer(children, options, -32768n, 32767n);
const decodeI8: Decoder = (children, options) => integer(children, options, INT64_MIN, INT64_MAX);

const decodeBigInteger: Decoder = (children, options) => {
  const value = integer(children, options);
  return typeof value === 'bigint' ? value : BigInt(value);
};

const decodeBoolean: Decoder = (children) => {
  const text = scalarText(children);
  if (text === '1') return true;
  if (text === '0') return false;
  throw new DecodeFailure('boolean must be 0 or 1', text);
};

/** Where the run of ASCII digits starting at `from` in `text` ends. */
function skipDigits(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The number of digits in `text` when it is a decimal number (an optional sign, digits with an
 * optional `.` fraction, at least one digit in all, then an optional `e`/`E` exponent with an optional
 * sign), or -1 when it is not. A scan, not a regex: the obvious pattern backtracks quadratically on a
 * long run of digits that ends in a bad character, and one pass here is linear whatever the text.
 */
function decimalDigits(text: string): number {
  const first = text.charCodeAt(0);
  let i = first === 0x2b || first === 0x2d ? 1 : 0;
  let end = skipDigits(text, i);
  let digits = end - i;
  if (text.charCodeAt(end) === 0x2e /* . */) {
    i = end + 1;
    end = skipDigits(text, i);
    digits += end - i;
  }
  if (digits === 0) return -1;
  const e = text.charCodeAt(end);
  if (e === 0x65 || e === 0x45) {
    const sign = text.charCodeAt(end + 1);
    i = sign === 0x2b || sign === 0x2d ? end + 2 : end + 1;
    end = skipDigits(text, i);
    if (end === i) return -1;
    digits += end - i;
  }
  return end === text.length ? digits : -1;
}

/** The trimmed text of a `double`, `ex:float` or `ex:bigdecimal` (`what` names it in errors), checked. */
function decimalText(children: Children, options: NormalizedDecodeOptions, what: string): string {
  const text = scalarText(children);
  const digits = decimalDigits(text);
  if (digits < 0) throw new DecodeFailure(`not a ${what}`, text);
  if (digits > options.maxDecimalDigits) {
    throw new DecodeFailure(
      `${what} longer than the \`maxDecimalDigits\` limit of ${options.maxDecimalDigits}`,
      text,
    );
  }
  return text;
}

const decodeDouble: Decoder = (children, options) => Number(decimalText(children, options, 'double'));

const decodeString: Decoder = (children) => textOf(children);

const decodeBigDecimal: Decoder = (children, options) =>
  detach(decimalText(children, options, 'decimal number'));

const decodeDateTime: Decoder = (children, options) => {
  const text = textOf(children);
  const date = parseDateTime(text, options.timezone);
  if (typeof date === 'string') throw new DecodeFailure(date, text);
  return date;
};

const decodeBase64Value: Decoder = (children) => {
  const text = textOf(children);
  const bytes = decodeBase64(text);
  if (typeof bytes === 'string') throw new DecodeFailure(`bad base64: ${bytes}`, text);
  return bytes;
};

const decodeNil: Decoder = (children) => {
  if (children.some((child) => typeof child !== 'string' || !isWhitespace(child))) {
    throw new DecodeFailure('<nil/> must be empty');
  }
  return null;
};

const decodeArray: Decoder = (children, options, depth) => {
  const elements = elementsOf(children);
  const data = elements[0];
  if (elements.length !== 1 || data?.tagName !== 'data') {
    throw new DecodeFailure('<array> must hold exactly one <data>');
  }
  const values = elementsOf(data.children);
  const result: XmlRpcValue[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    try {
      if (value.tagName !== 'value')
        throw new DecodeFailure(`<data> may hold only <value>, not <${value.tagName}>`);
      result[i] = decodeValueNode(value, options, depth + 1);
    } catch (error) {
      throw addStep(addStep(error, `value[${i + 1}]`), 'data');
    }
  }
  return result;
};

const decodeStruct: Decoder = (children, options, depth) => {
  const members = elementsOf(children);
  const struct: XmlRpcStruct = {};
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    try {
      if (member.tagName !== 'member')
        throw new DecodeFailure(`<struct> may hold only <member>, not <${member.tagName}>`);
      const parts = elementsOf(member.children);
      const name = parts[0];
      const value = parts[1];
      if (parts.length !== 2 || name?.tagName !== 'name' || value?.tagName !== 'value') {
        throw new DecodeFailure('<member> must hold one <name> then one <value>');
      }
      const key = textOf(name.children);
      const decoded = decodeMemberValue(value, options, depth + 1);
      // Assigning `__proto__` would replace the prototype; define it as the ordinary property it is.
      if (key === '__proto__') {
        Object.defineProperty(struct, key, {
          value: decoded,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        struct[key] = decoded; // a repeated name: the last one wins
      }
    } catch (error) {
      throw addStep(error, `member[${i + 1}]`);
    }
  }
  return struct;
};

function decodeMemberValue(value: TNode, options: NormalizedDecodeOptions, depth: number): XmlRpcValue {
  try {
    return decodeValueNode(value, options, depth);
  } catch (error) {
    throw addStep(error, 'value');
  }
}

const decodeSerializable: Decoder = () => {
  throw new DecodeFailure(
    '<ex:serializable> (a Java serialized object) is refused: it cannot be read safely',
  );
};

/** One decoder per type element; aliases are one more line each. */
const DECODERS = new Map<string, Decoder>([
  ['string', decodeString],
  ['int', decodeInt],
  ['i4', decodeInt],
  ['i1', decodeI1],
  ['ex:i1', decodeI1],
  ['i2', decodeI2],
  ['ex:i2', decodeI2],
  ['i8', decodeI8],
  ['ex:i8', decodeI8],
  ['ex:biginteger', decodeBigInteger],
  ['boolean', decodeBoolean],
  ['double', decodeDouble],
  ['ex:float', decodeDouble],
  ['ex:bigdecimal', decodeBigDecimal],
  ['dateTime.iso8601', decodeDateTime],
  ['base64', decodeBase64Value],
  ['nil', decodeNil],
  ['ex:nil', decodeNil],
  ['array', decodeArray],
  ['struct', decodeStruct],
  ['ex:serializable', decodeSerializable],
]);

/**
 * Decodes a `<value>` element. Its content is either text (an untyped string, whitespace kept exactly)
 * or one type element with at most whitespace around it. `depth` counts enclosing arrays and structs.
 */
export function decodeValueNode(node: TNode, options: NormalizedDecodeOptions, depth: number): XmlRpcValue {
  const children = node.children;
  let typed: TNode | undefined;
  for (const child of children) {
    if (typeof child === 'string') continue;
    if (typed !== undefined) throw new DecodeFailure('<value> must hold one type element');
    typed = child;
  }
  if (typed === undefined) return textOf(children);
  for (const child of children) {
    if (typeof child === 'string' && !isWhitespace(child)) {
      throw new DecodeFailure(`unexpected text beside <${typed.tagName}>`, child);
    }
  }
  const decoder = DECODERS.get(typed.tagName);
  if (decoder === undefined)
    throw addStep(new DecodeFailure(`unknown value type <${typed.tagName}>`), typed.tagName);
  if ((decoder === decodeArray || decoder === decodeStruct) && depth >= options.maxDepth) {
    throw addStep(
      new DecodeFailure(`nesting deeper than the \`maxDepth\` limit of ${options.maxDepth}`),
      typed.tagName,
    );
  }
  try {
    return decoder(typed.children, options, depth);
  } catch (error) {
    // Named here for every type, so a container's own complaints (`<array>` without `<data>`) point at it.
    throw addStep(error, typed.tagName);
  }
}
