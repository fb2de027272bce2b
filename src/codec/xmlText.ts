import { DecodeFailure } from './internal/DecodeFailure.js';

/*
 * Text content rules of XML 1.0, both directions: entity and character references decoded exactly
 * once, characters XML cannot carry refused, and decoded strings detached from the document.
 */

/**
 * A copy of `text` that does not point into the string it was sliced from, so that one kept field
 * cannot keep a whole response alive. Shorter slices are copies already (how: bench/NOTES.md,
 * "Large documents in the codec").
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.substring(1);
}

/**
 * Anything that needs the slow path: a reference, `>` (which may end a `]]>`), or a character XML 1.0
 * does not allow in text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
const NEEDS_DECODING = /[&>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** A `Map`, not an object literal: `&constructor;` must not find `Object.prototype.constructor`. */
const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * XML 1.0's whitespace (production `S`): space, tab, LF and CR, and nothing else. The one test of
 * whitespace in the codec: `String.prototype.trim` and `\s` also take U+00A0, U+2028, U+FEFF…,
 * which XML reads as text.
 */
export function isXmlWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** Index of the first character at or after `from` in `text` that is not XML whitespace (`text.length` if none). */
export function skipXmlWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isXmlWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** `text` without XML whitespace at either end. */
export function trimXmlWhitespace(text: string): string {
  const start = skipXmlWhitespace(text, 0);
  let end = text.length;
  while (end > start && isXmlWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** XML 1.0 `Char` production: what a document may contain, literally or by reference. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Decodes raw element text (line ends already normalized; one run of text, which a reference cannot
 * span): references become characters, and the result never shares memory with the document. Throws
 * a `DecodeFailure` for an undefined entity, a bare `&`, a `]]>`, or a character XML 1.0 forbids
 * (literal or referenced).
 */
export function decodeXmlText(raw: string): string {
  return NEEDS_DECODING.test(raw) ? detach(readCharacters(raw, 'text')) : detach(raw);
}

/**
 * Throws a `DecodeFailure` for an attribute value XML 1.0 refuses: an undefined entity, a bare `&`, a
 * bad character reference or a character XML forbids. (A `<` and the closing quote are the gate's.)
 */
export function checkAttributeValue(value: string): void {
  if (NEEDS_DECODING.test(value)) readCharacters(value, 'attribute');
}

/** Throws a `DecodeFailure` when a comment's text holds a character XML 1.0 does not allow. */
export function checkCommentText(text: string): void {
  if (NEEDS_DECODING.test(text)) readCharacters(text, 'comment');
}

/**
 * `raw` with its references decoded (none in a comment), refusing what XML forbids there: characters
 * outside `Char` everywhere, bad references in text and attribute values, `]]>` in text.
 */
function readCharacters(raw: string, where: 'text' | 'attribute' | 'comment'): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x26 /* & */) {
      if (where === 'comment') continue;
      const end = raw.indexOf(';', i + 1);
      const name = end < 0 ? '' : raw.slice(i + 1, end);
      const decoded = decodeReference(name);
      if (decoded === undefined) {
        const seen = end < 0 || end - i > 12 ? raw.slice(i, i + 12) : raw.slice(i, end + 1);
        throw new DecodeFailure(
          end < 0 || name === ''
            ? `bare "&" in ${where === 'text' ? 'text' : 'an attribute value'} (write &amp;)`
            : 'undefined entity or bad character reference',
          seen,
          false,
        );
      }
      out += raw.slice(start, i) + decoded;
      i = end;
      start = end + 1;
    } else if (code === 0x3e /* > */) {
      if (where === 'text' && raw.charCodeAt(i - 1) === 0x5d && raw.charCodeAt(i - 2) === 0x5d) {
        throw new DecodeFailure(
          '"]]>" is not allowed in text (write ]]&gt;)',
          raw.slice(Math.max(0, i - 12), i + 10),
          false,
        );
      }
    } else if (code >= 0xd800 && code <= 0xdbff && (raw.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a well-formed surrogate pair is one supplementary character
    } else if (!isXmlChar(code)) {
      throw new DecodeFailure(
        `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        raw.slice(Math.max(0, i - 10), i + 10),
        false,
      );
    }
  }
  // `out` is a rope of slices of `raw`: the caller flattens it, or it keeps the whole document alive.
  return out + raw.slice(start);
}

/** The character a reference stands for, or `undefined` when it is not a valid reference. */
function decodeReference(name: string): string | undefined {
  if (name.charCodeAt(0) !== 0x23 /* # */) return PREDEFINED_ENTITIES.get(name);
  const hex = name.charCodeAt(1) === 0x78; /* x */
  const digits = name.slice(hex ? 2 : 1);
  // No length cap: leading zeros are legal (`&#0000000065;`), and a huge value fails `isXmlChar`.
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

/** Anything `escapeXmlText` must rewrite or refuse. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
const NEEDS_ESCAPING = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** What may be unencodable: checked only then with the slower, exact `UNENCODABLE`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPES = /[&<>\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
/** A character XML 1.0 cannot carry even as a reference, or a surrogate without its pair. */
const UNENCODABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Escapes text for element content: `&`, `<`, `>` and CR (as `&#13;`, so the receiver's line-end
 * normalization keeps it). Returns the offending character's position via `onInvalid` when the text
 * holds a character XML 1.0 cannot carry.
 */
export function escapeXmlText(text: string, onInvalid: (index: number, code: number) => never): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  if (SUSPECT.test(text)) {
    const bad = UNENCODABLE.exec(text);
    if (bad !== null) onInvalid(bad.index, text.charCodeAt(bad.index));
  }
  return text.replace(ESCAPES, (c) => ESCAPED[c]!);
}
