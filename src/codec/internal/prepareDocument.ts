import type { NormalizedDecodeOptions } from '../codecOptions.js';
import { XmlRpcParseError } from '../XmlRpcParseError.js';
import {
  checkAttributeValue,
  checkCommentText,
  decodeXmlText,
  escapeXmlText,
  isXmlWhitespace,
  skipXmlWhitespace,
} from '../xmlText.js';
import { DecodeFailure } from './DecodeFailure.js';

/*
 * The well-formedness gate in front of txml. txml builds trees fast but accepts broken XML (unclosed
 * elements, close tags that only share a prefix, trailing garbage, DOCTYPE, duplicate attributes…);
 * this one pass over the text refuses all of that, and bounds nesting before txml's recursion could
 * overflow the stack. What passes is a single element tree that txml reads exactly as XML 1.0 would.
 *
 * The content of text runs (references, characters XML forbids, `]]>`) is left to the decoders, which
 * check each run as they decode it, so one broken multicall entry fails only its own call. A document
 * refused for another reason is passed again with `checkText` (see `notWellFormedFirst`), so that a
 * breach of XML anywhere is reported as one.
 *
 * Every step is linear: names, attribute values and comments are scanned once, attributes are never
 * rescanned (a `<` in a value is refused, not searched for), and only a tag with attributes keeps a
 * set of their names.
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

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;

/**
 * XML 1.0's XMLDecl (productions 23-26, 32, 80, 81): `version` 1.x, then an optional `encoding` name,
 * then an optional `standalone` yes or no, in that order, each after whitespace. Linear: no repeated
 * part can match what follows it, so a failed match gives back each run of characters once.
 */
const XML_DECLARATION =
  /<\?xml[ \t\n\r]+version[ \t\n\r]*=[ \t\n\r]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\n\r]+encoding[ \t\n\r]*=[ \t\n\r]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n\r]+standalone[ \t\n\r]*=[ \t\n\r]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n\r]*\?>/y;

/** Ends a tag or attribute name: whitespace, `/`, `>` or `=` (where txml ends one too), or the end of input. */
export function endsName(code: number): boolean {
  return isXmlWhitespace(code) || code === SLASH || code === GT || code === EQUALS || Number.isNaN(code);
}

/** txml reads an attribute only from an ASCII letter, skipping anything else, so nothing else may start one. */
function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

const NOT_NAME = 0;
const NAME_CHAR = 1;
const NAME_START = 2;
/** What each ASCII character is to XML names: a `NameStartChar` (letters, `_`, `:`), only a `NameChar` (digits, `-`, `.`), or neither. */
const ASCII_NAME = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (isAsciiLetter(code) || code === 0x5f || code === 0x3a) ASCII_NAME[code] = NAME_START;
  else if ((code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e) ASCII_NAME[code] = NAME_CHAR;
}

/** XML 1.0 `NameStartChar` (or, with `start` false, `NameChar`) for a character of the BMP past ASCII. */
function isNonAsciiNameChar(code: number, start: boolean): boolean {
  if (
    (code >= 0xc0 && code <= 0x2ff && code !== 0xd7 && code !== 0xf7) ||
    (code >= 0x370 && code <= 0x1fff && code !== 0x37e) ||
    code === 0x200c ||
    code === 0x200d ||
    (code >= 0x2070 && code <= 0x218f) ||
    (code >= 0x2c00 && code <= 0x2fef) ||
    (code >= 0x3001 && code <= 0xd7ff) ||
    (code >= 0xf900 && code <= 0xfdcf) ||
    (code >= 0xfdf0 && code <= 0xfffd)
  ) {
    return true;
  }
  return !start && (code === 0xb7 || (code >= 0x300 && code <= 0x36f) || code === 0x203f || code === 0x2040);
}

/** Index just past the XML `Name` starting at `start` in `xml` (`start` itself when no name starts there). */
function skipName(xml: string, start: number): number {
  const first = xml.charCodeAt(start);
  let i: number;
  if (first < 0x80) {
    if (ASCII_NAME[first] !== NAME_START) return start;
    i = start + 1;
  } else if (isNonAsciiNameChar(first, true)) {
    i = start + 1;
  } else if (isAstral(xml, start)) {
    i = start + 2;
  } else {
    return start;
  }
  for (;;) {
    const code = xml.charCodeAt(i);
    if (code < 0x80) {
      if (ASCII_NAME[code] === NOT_NAME) return i;
      i++;
    } else if (isNonAsciiNameChar(code, false)) {
      i++;
    } else if (isAstral(xml, i)) {
      i += 2;
    } else {
      return i; // including the end of input, where `code` is NaN
    }
  }
}

/** Whether a name character of U+10000 to U+EFFFF, as a surrogate pair, starts at `i`. */
function isAstral(xml: string, i: number): boolean {
  const code = xml.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdb7f && (xml.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
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
 * Tolerates a BOM and whitespace before the `<?xml …?>` declaration (PHP servers send them). With
 * `checkText`, the content of every text run is checked too (see the file's comment).
 */
export function prepareDocument(
  input: string,
  options: NormalizedDecodeOptions,
  checkText = false,
): PreparedDocument {
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

  /** The open elements; past the depth limit (only reached with `checkText`), the first of them. */
  const openPath = (): string =>
    nameStart
      .slice(0, Math.min(depth, maxElementDepth + 1))
      .map((start, i) => xml.slice(start, nameEnd[i]))
      .join('/') + (depth > maxElementDepth + 1 ? '/…' : '');
  /** Refuses the document as not well-formed. */
  const fail = (problem: string, at: number): never => {
    throw new XmlRpcParseError(problem, {
      ...(depth > 0 ? { path: openPath() } : {}),
      text: xml.slice(at, at + 40),
      wellFormed: false,
    });
  };
  /**
   * Refuses well-formed XML over a limit or that txml would misread; when only checking that the
   * document is well-formed, goes on instead (txml is not called then).
   */
  const refuse = (problem: string, at: number): void => {
    if (checkText) return;
    throw new XmlRpcParseError(problem, {
      ...(depth > 0 ? { path: openPath() } : {}),
      text: xml.slice(at, at + 40),
      wellFormed: true,
    });
  };
  /** Runs `checker` (of `xmlText.ts`) on `text`, found at `at`, refusing the document with the problem it finds. */
  const check = (checker: (text: string) => unknown, text: string, at: number): void => {
    try {
      checker(text);
    } catch (error) {
      if (!(error instanceof DecodeFailure)) throw error;
      throw new XmlRpcParseError(error.problem, {
        ...(depth > 0 ? { path: openPath() } : {}),
        text: error.text ?? xml.slice(at, at + 40),
        wellFormed: false,
      });
    }
  };

  /**
   * Checks the attributes of the start tag at `tag` (whitespace, name, `=`, quoted value; each name
   * once) from `from`, just past its name; returns the index of the `>` or `/>` that ends the tag.
   */
  const readAttributes = (tag: number, from: number): number => {
    let i = from;
    let first: string | undefined;
    let names: Set<string> | undefined;
    for (;;) {
      const spaced = skipXmlWhitespace(xml, i);
      const code = xml.charCodeAt(spaced);
      if (code === GT || (code === SLASH && xml.charCodeAt(spaced + 1) === GT)) return spaced;
      if (spaced === length) fail('truncated tag', tag);
      const attrStart = spaced;
      if (!isAsciiLetter(code)) fail('malformed attribute', attrStart);
      if (spaced === i) fail('attributes must be separated by whitespace', attrStart);
      const attrNameEnd = skipName(xml, attrStart);
      i = skipXmlWhitespace(xml, attrNameEnd);
      if (xml.charCodeAt(i) !== EQUALS) fail('malformed attribute', attrStart);
      i = skipXmlWhitespace(xml, i + 1);
      const quote = xml.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) fail('attribute value must be quoted', attrStart);
      const close = xml.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close < 0) fail('unterminated attribute value', attrStart);
      const value = xml.slice(i + 1, close);
      if (value.includes('<')) fail('"<" in an attribute value', attrStart);
      check(checkAttributeValue, value, attrStart);
      // XML 1.0 allows each name once per tag; most tags have no attribute, and pay nothing.
      const name = xml.slice(attrStart, attrNameEnd);
      if (first === undefined) {
        first = name;
      } else {
        names ??= new Set([first]);
        if (names.has(name)) fail(`duplicate attribute ${name}`, attrStart);
        names.add(name);
      }
      i = close + 1;
    }
  };

  let pos = 0;
  if (xml.charCodeAt(0) === 0xfeff) pos = 1;
  pos = skipXmlWhitespace(xml, pos);
  if (
    xml.startsWith('<?xml', pos) &&
    (endsName(xml.charCodeAt(pos + 5)) || xml.charCodeAt(pos + 5) === QUESTION)
  ) {
    XML_DECLARATION.lastIndex = pos;
    if (!XML_DECLARATION.test(xml)) {
      fail(
        'malformed XML declaration (expected <?xml version="1.x" encoding="…" standalone="yes|no"?>, ' +
          'encoding and standalone optional, in that order)',
        pos,
      );
    }
    pos = XML_DECLARATION.lastIndex;
  }

  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? length : lt;
    if (depth === 0) {
      // Outside the root only whitespace may stand between markup.
      const text = skipXmlWhitespace(xml, pos);
      if (text < textEnd) {
        fail(rootClosed ? 'content after the root element' : 'text before the root element', text);
      }
    } else if (checkText && pos < textEnd) {
      check(decodeXmlText, xml.slice(pos, textEnd), pos);
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
      i = skipXmlWhitespace(xml, i);
      if (xml.charCodeAt(i) !== GT) fail('malformed close tag', pos);
      depth--;
      if (depth === 0) rootClosed = true;
      pos = i + 1;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', pos)) {
        const content = pos + 4;
        const dashes = xml.indexOf('--', content);
        if (dashes < 0) fail('unterminated comment', pos);
        if (xml.charCodeAt(dashes + 2) !== GT) fail('"--" inside a comment', dashes);
        check(checkCommentText, xml.slice(content, dashes), content);
        // Well-formed, but txml ends a comment at the first `>` after two dashes, those of `<!--` included.
        if (xml.charCodeAt(content) === GT || xml.startsWith('->', content)) {
          refuse('a comment starting with ">" or "->" is not supported', pos);
        }
        pos = dashes + 3;
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
      const tagNameEnd = skipName(xml, pos + 1);
      const after = xml.charCodeAt(tagNameEnd);
      // The name must end where txml ends it too, so `<param\u0001>` is no `<param>`.
      if (
        tagNameEnd === pos + 1 ||
        !(isXmlWhitespace(after) || after === GT || after === SLASH || tagNameEnd === length)
      ) {
        fail('malformed tag', pos);
      }
      if (isRawTextElement(xml, pos + 1, tagNameEnd)) refuse('element not allowed in XML-RPC', pos);
      if (depth === 0) rootStart = pos;
      // Open from here, so that a problem with its attributes is reported at it.
      nameStart[depth] = pos + 1;
      nameEnd[depth] = tagNameEnd;
      depth++;
      // Most tags end right after their name: skip the attribute reader for them.
      const i = after === GT ? tagNameEnd : readAttributes(pos, tagNameEnd);
      if (xml.charCodeAt(i) === SLASH) {
        depth--;
        if (depth === 0) rootClosed = true;
        pos = i + 2;
      } else {
        if (depth > maxElementDepth) {
          refuse(`nesting deeper than the \`maxDepth\` limit of ${options.maxDepth}`, pos);
        }
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

/**
 * The error to report for `error`, thrown while decoding `input`: decoders refuse what is not valid
 * XML-RPC as they meet it, before they have seen the rest of the text, so a document refused that way
 * is read again with every text run checked, and a breach of XML found there is the answer instead
 * (servers answer -32700 for a document that is not well-formed, not -32600). Costs one more pass,
 * on failures only.
 */
export function notWellFormedFirst(error: unknown, input: string, options: NormalizedDecodeOptions): unknown {
  if (!(error instanceof XmlRpcParseError) || !error.wellFormed) return error;
  try {
    prepareDocument(input, options, true);
  } catch (breach) {
    if (breach instanceof XmlRpcParseError && !breach.wellFormed) return breach;
  }
  return error;
}

/**
 * Replaces each CDATA section by the same text escaped, since txml hands CDATA over as plain text.
 * Where text stands right before or after a section, an empty comment goes between them: txml then
 * hands them over as separate runs, and no reference (`&am` + `p;`) or `]]>` (`]]` + `>`) is made by
 * joining them.
 */
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
    const before = xml.charCodeAt(start - 1) === GT ? '' : '<!---->';
    const after = end === xml.length || xml.charCodeAt(end) === LT ? '' : '<!---->';
    out += `${xml.slice(last, start)}${before}${text}${after}`;
    last = end;
  }
  return out + xml.slice(last);
}
