import type { NormalizedDecodeOptions } from '../codecOptions.js';
import { XmlRpcParseError } from '../XmlRpcParseError.js';
import { escapeXmlText, isXmlWhitespace, skipXmlWhitespace } from '../xmlText.js';

/**
 * The well-formedness gate in front of txml. txml builds trees fast but accepts broken XML (unclosed
 * elements, close tags that only share a prefix, trailing garbage, DOCTYPE); this one pass over the
 * text refuses all of that, and bounds nesting before txml's recursion could overflow the stack.
 * What passes is a single element tree that txml reads exactly as XML 1.0 would.
 */

/** A document that passed the gate, rewritten where txml would misread it. */
export interface PreparedDocument {
  /** The text to hand txml: line ends normalized, CDATA sections turned into escaped text. */
  readonly xml: string;
  /** Index of the root element's `<`. */
  readonly rootStart: number;
}

/** Elements one level of array or struct nesting adds (`value`, `array`/`struct`, `data`/`member`). */
const ELEMENTS_PER_LEVEL = 3;
/** Envelope elements around the outermost value, plus the type element inside the innermost one. */
const ENVELOPE_ELEMENTS = 8;

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;

/** Ends a tag or attribute name: whitespace, `/`, `>` or `=` (where txml ends one too), or the end of input. */
export function endsName(code: number): boolean {
  return isXmlWhitespace(code) || code === SLASH || code === GT || code === EQUALS || Number.isNaN(code);
}

/** txml reads an attribute only from an ASCII letter, skipping anything else, so nothing else may start one. */
function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Elements txml reads as raw text up to a literal `</script>` or `</style>`, whatever they hold. */
function isRawTextElement(xml: string, start: number, end: number): boolean {
  const length = end - start;
  return (
    (length === 6 && xml.startsWith('script', start)) || (length === 5 && xml.startsWith('style', start))
  );
}

/**
 * Checks `input` is one well-formed element tree within the limits, and returns it ready for txml.
 * Tolerates a BOM and whitespace before the `<?xml …?>` declaration (PHP servers send them).
 */
export function prepareDocument(input: string, options: NormalizedDecodeOptions): PreparedDocument {
  if (input.length > options.maxLength) {
    throw new XmlRpcParseError(
      `document is ${input.length} characters long, over the \`maxLength\` limit of ${options.maxLength}`,
    );
  }
  // XML 1.0 §2.11: a literal CR LF or lone CR is read as LF; `&#13;` survives as CR.
  const xml = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const maxElementDepth = options.maxDepth * ELEMENTS_PER_LEVEL + ENVELOPE_ELEMENTS;
  const length = xml.length;
  const nameStart: number[] = [];
  const nameEnd: number[] = [];
  const cdata: number[] = [];
  let depth = 0;
  let rootStart = -1;
  let rootClosed = false;

  const openPath = (): string =>
    nameStart
      .slice(0, depth)
      .map((start, i) => xml.slice(start, nameEnd[i]))
      .join('/');
  /** Refuses the document; `wellFormed` is `true` only for a limit, which well-formed XML can exceed too. */
  const fail = (problem: string, at: number, wellFormed = false): never => {
    throw new XmlRpcParseError(problem, {
      ...(depth > 0 ? { path: openPath() } : {}),
      text: xml.slice(at, at + 40),
      wellFormed,
    });
  };

  let pos = 0;
  if (xml.charCodeAt(0) === 0xfeff) pos = 1;
  pos = skipXmlWhitespace(xml, pos);
  if (xml.startsWith('<?xml', pos) && endsName(xml.charCodeAt(pos + 5))) {
    const end = xml.indexOf('?>', pos);
    if (end < 0) fail('unterminated XML declaration', pos);
    pos = end + 2;
  }

  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    if (depth === 0) {
      // Outside the root only whitespace may stand between markup.
      const text = skipXmlWhitespace(xml, pos);
      if (text < (lt < 0 ? length : lt)) {
        fail(rootClosed ? 'content after the root element' : 'text before the root element', text);
      }
    }
    if (lt < 0) break;
    pos = lt;
    const next = xml.charCodeAt(pos + 1);
    if (next === SLASH) {
      if (depth === 0) fail('close tag without an open element', pos);
      const start = nameStart[depth - 1]!;
      const nameLength = nameEnd[depth - 1]! - start;
      let i = pos + 2;
      for (let k = 0; k < nameLength; k++, i++) {
        if (xml.charCodeAt(i) !== xml.charCodeAt(start + k)) break;
      }
      if (i - (pos + 2) !== nameLength || !endsName(xml.charCodeAt(i))) {
        fail(`close tag does not match <${xml.slice(start, start + nameLength)}>`, pos);
      }
      while (isXmlWhitespace(xml.charCodeAt(i))) i++;
      if (xml.charCodeAt(i) !== GT) fail('malformed close tag', pos);
      depth--;
      if (depth === 0) rootClosed = true;
      pos = i + 1;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment', pos);
        pos = end + 3;
      } else if (xml.startsWith('<![CDATA[', pos)) {
        if (depth === 0) fail('CDATA outside the root element', pos);
        const end = xml.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA section', pos);
        cdata.push(pos, end + 3);
        pos = end + 3;
      } else {
        // DOCTYPE, ENTITY and friends: refused outright, so no entity is ever expanded.
        fail('DOCTYPE and entity declarations are not allowed', pos);
      }
    } else if (next === QUESTION) {
      fail('processing instructions are not allowed here', pos);
    } else {
      if (rootClosed) fail('content after the root element', pos);
      let i = pos + 1;
      while (!endsName(xml.charCodeAt(i))) i++;
      if (i === pos + 1) fail('malformed tag', pos);
      if (isRawTextElement(xml, pos + 1, i)) fail('element not allowed in XML-RPC', pos);
      if (depth === 0) rootStart = pos;
      const tagNameEnd = i;
      // Attributes: name, `=`, quoted value; only their shape is checked (XML-RPC defines none).
      for (;;) {
        while (isXmlWhitespace(xml.charCodeAt(i))) i++;
        const code = xml.charCodeAt(i);
        if (code === GT || (code === SLASH && xml.charCodeAt(i + 1) === GT)) break;
        if (i === length) fail('truncated tag', pos);
        const attrStart = i;
        if (!isAsciiLetter(code)) fail('malformed attribute', attrStart);
        while (!endsName(xml.charCodeAt(i))) i++;
        while (isXmlWhitespace(xml.charCodeAt(i))) i++;
        if (xml.charCodeAt(i) !== EQUALS) fail('malformed attribute', attrStart);
        i++;
        while (isXmlWhitespace(xml.charCodeAt(i))) i++;
        const quote = xml.charCodeAt(i);
        if (quote !== 0x22 && quote !== 0x27) fail('attribute value must be quoted', attrStart);
        const close = xml.indexOf(String.fromCharCode(quote), i + 1);
        if (close < 0 || xml.lastIndexOf('<', close) > i) fail('malformed attribute value', attrStart);
        i = close + 1;
      }
      if (xml.charCodeAt(i) === SLASH) {
        pos = i + 2;
        if (depth === 0) rootClosed = true;
      } else {
        if (depth === maxElementDepth) {
          fail(`nesting deeper than the \`maxDepth\` limit of ${options.maxDepth}`, pos, true);
        }
        nameStart[depth] = pos + 1;
        nameEnd[depth] = tagNameEnd;
        depth++;
        pos = i + 1;
      }
    }
  }
  if (depth > 0) {
    throw new XmlRpcParseError(
      `truncated document: <${xml.slice(nameStart[depth - 1], nameEnd[depth - 1])}> is not closed`,
      { path: openPath(), wellFormed: false },
    );
  }
  if (rootStart < 0)
    throw new XmlRpcParseError('no root element', { text: xml.slice(0, 40), wellFormed: false });
  return { xml: cdata.length === 0 ? xml : inlineCdata(xml, cdata), rootStart };
}

/** Replaces each CDATA section by the same text escaped, since txml hands CDATA over as plain text. */
function inlineCdata(xml: string, ranges: readonly number[]): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]!;
    const end = ranges[i + 1]!;
    const text = escapeXmlText(xml.slice(start + 9, end - 3), (index, code) => {
      throw new XmlRpcParseError(
        `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        { text: xml.slice(start + 9 + Math.max(0, index - 10), start + 9 + index + 10), wellFormed: false },
      );
    });
    out += xml.slice(last, start) + text;
    last = end;
  }
  return out + xml.slice(last);
}
