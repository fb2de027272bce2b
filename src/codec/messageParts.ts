import { quoteForXml } from './quoteForXml.js';

/*
 * How every layer's error messages show what they were given: an option value, offending text, a
 * thrown error. One module, so the messages read alike from the codec up to the client.
 */

/** Longest excerpt of offending text quoted in a message. */
export const EXCERPT_LENGTH = 60;

/**
 * Quotes offending input, shortened so a 10 MB body never ends up in a log line, and escaped (see
 * {@link quoteForXml}) so that the quote can always be sent back in a fault. The cut never splits a
 * surrogate pair.
 */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return quoteForXml(text);
  const cut = isHighSurrogate(text.charCodeAt(EXCERPT_LENGTH - 1)) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return quoteForXml(`${text.slice(0, cut)}…`);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A rejected option value as a message shows it: strings quoted, objects by their kind, never dumped. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** The message of anything thrown; never throws itself (`String` does for a null-prototype object). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
