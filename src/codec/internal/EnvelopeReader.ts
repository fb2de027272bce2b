import { parse, type TNode } from 'txml/txml';
import type { NormalizedDecodeOptions } from '../codecOptions.js';
import { decodeValueNode } from '../decodeValue.js';
import { XmlRpcParseError } from '../XmlRpcParseError.js';
import type { XmlRpcValue } from '../XmlRpcValue.js';
import { skipXmlWhitespace } from '../xmlText.js';
import { DecodeFailure } from './DecodeFailure.js';
import { endsName, type PreparedDocument } from './prepareDocument.js';

/** Tags txml is to treat as void (childless): none. */
const NO_VOID_TAGS: string[] = [];

/**
 * txml settings to parse the element at `pos`: keep whitespace (`<value>  </value>` is two spaces) and
 * treat no tag as void. A literal of one shape at every call, not a spread of shared settings: txml
 * reads about ten options these leave out, which V8 finds fast only on such objects (with a spread
 * copy, decoding a one-int methodCall took 10 µs instead of 2).
 */
function txmlOptions(pos: number) {
  return { parseNode: true, setPos: true, keepWhitespace: true, noChildNodes: NO_VOID_TAGS, pos };
}

/**
 * Walks the envelope elements (`methodResponse`, `params`, `param`, `data`…) of a document that
 * passed `prepareDocument`, handing each `<value>` to txml on its own. Reading value by value keeps
 * one small parse tree alive at a time instead of a tree of the whole document.
 */
export class EnvelopeReader {
  private pos: number;
  private readonly xml: string;

  constructor(
    document: PreparedDocument,
    private readonly options: NormalizedDecodeOptions,
  ) {
    this.xml = document.xml;
    this.pos = document.rootStart;
  }

  /** Skips whitespace and comments; other text between envelope elements is an error at `path`. */
  skip(path: string): void {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      const end = lt < 0 ? xml.length : lt;
      const text = skipXmlWhitespace(xml, this.pos);
      if (text < end) throw new XmlRpcParseError('unexpected text', { path, text: xml.slice(text, end) });
      this.pos = end;
      if (!xml.startsWith('<!--', end)) return;
      this.pos = xml.indexOf('-->', end) + 3;
    }
  }

  /** Name of the element starting here, or `undefined` at a close tag or the end. */
  peek(): string | undefined {
    const xml = this.xml;
    if (xml.charCodeAt(this.pos) !== 0x3c || xml.charCodeAt(this.pos + 1) === 0x2f) return undefined;
    // Names end exactly where the gate ended them, so `<param\u0001>` is no `<param>`.
    let end = this.pos + 1;
    while (!endsName(xml.charCodeAt(end))) end++;
    return xml.slice(this.pos + 1, end);
  }

  /** Enters element `name` (which must start here); returns `false` when it is empty (`<name/>`). */
  open(name: string, path: string): boolean {
    const found = this.peek();
    if (found !== name) {
      throw new XmlRpcParseError(
        found === undefined ? `missing <${name}>` : `expected <${name}>, found <${found}>`,
        {
          path,
        },
      );
    }
    const end = tagEnd(this.xml, this.pos);
    this.pos = end + 1;
    return this.xml.charCodeAt(end - 1) !== 0x2f;
  }

  /** Leaves the current element; anything but its close tag here is an unexpected element. */
  close(path: string): void {
    this.skip(path);
    const extra = this.peek();
    if (extra !== undefined) throw new XmlRpcParseError(`unexpected element <${extra}>`, { path });
    this.pos = this.xml.indexOf('>', this.pos) + 1;
  }

  /** Parses the element starting here with txml and moves past it. */
  node(): TNode {
    let node: TNode & { pos: number };
    try {
      node = parse(this.xml, txmlOptions(this.pos)) as unknown as TNode & { pos: number };
    } catch (error) {
      throw toParseError(error, 'the document');
    }
    this.pos = node.pos;
    return node;
  }

  /** Decodes the `<value>` starting here; `path` is its element path, `depth` the arrays/structs around it. */
  value(path: string, depth: number): XmlRpcValue {
    if (this.peek() !== 'value') this.open('value', path);
    return decodeAt(this.node(), this.options, path, depth);
  }

  /**
   * When the `<value>` starting here holds an `<array>` with a non-empty `<data>`, moves to that
   * `<data>` start tag and returns `true` (read it with `node()`, or `open` it and read entry by
   * entry; then `close` the array and the value); otherwise moves nowhere.
   */
  enterArray(path: string): boolean {
    const start = this.pos;
    if (this.open('value', path)) {
      // Whitespace around a type element is insignificant; anything else makes this no array.
      this.pos = skipXmlWhitespace(this.xml, this.pos);
      if (this.peek() === 'array' && this.open('array', `${path}/array`)) {
        this.skip(`${path}/array`);
        const dataStart = this.pos;
        if (this.open('data', `${path}/array/data`)) {
          this.pos = dataStart;
          return true;
        }
      }
    }
    this.pos = start;
    return false;
  }
}

/** Index of the `>` that ends the tag starting at `start`; a `>` inside a quoted attribute value does not. */
function tagEnd(xml: string, start: number): number {
  let quote = 0;
  for (let i = start + 1; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3e) {
      return i;
    }
  }
  return xml.length;
}

/** Decodes one `<value>` tree, turning a `DecodeFailure` into an `XmlRpcParseError` with the full path. */
export function decodeAt(
  node: TNode,
  options: NormalizedDecodeOptions,
  path: string,
  depth: number,
): XmlRpcValue {
  try {
    return decodeValueNode(node, options, depth);
  } catch (error) {
    throw toParseError(error, path);
  }
}

/** The `XmlRpcParseError` for a failure below `path` (or a stack overflow); other errors pass through. */
export function toParseError(error: unknown, path: string): unknown {
  // The gate bounds nesting, but a caller already deep in its own recursion can still run out of stack.
  if (error instanceof RangeError)
    return new XmlRpcParseError('nesting too deep for the stack left to the parser');
  if (!(error instanceof DecodeFailure)) return error;
  const steps = error.path.reverse().join('/');
  return new XmlRpcParseError(error.problem, {
    path: steps ? `${path}/${steps}` : path,
    wellFormed: error.wellFormed,
    ...(error.text === undefined ? {} : { text: error.text }),
  });
}
