import { isXmlWhitespace } from './xmlText.js';

/*
 * Base64 both ways, without `Buffer` or `atob` (neither is in every runtime the core targets, and
 * `atob` accepts input the spec does not). Whitespace and line breaks inside encoded text are fine;
 * anything else outside the alphabet is refused.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Sextet per character code; 64 marks whitespace, 255 anything else. */
const SEXTET = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;
for (let code = 0; code < 128; code++) if (isXmlWhitespace(code)) SEXTET[code] = 64;
const PAD = 0x3d;

/** The bytes `text` encodes, or a string saying why it is not base64. */
export function decodeBase64(text: string): Uint8Array | string {
  const length = text.length;
  const out = new Uint8Array(Math.ceil(length / 4) * 3);
  let written = 0;
  let quantum = 0;
  let count = 0;
  let padding = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? SEXTET[code]! : 255;
    if (value === 64) continue;
    if (code === PAD) {
      padding++;
      continue;
    }
    if (value === 255) return `character ${JSON.stringify(text[i])} is not base64`;
    if (padding > 0) return 'data after "=" padding';
    quantum = (quantum << 6) | value;
    if (++count === 4) {
      out[written++] = quantum >>> 16;
      out[written++] = (quantum >>> 8) & 0xff;
      out[written++] = quantum & 0xff;
      quantum = 0;
      count = 0;
    }
  }
  if (count === 0 && padding === 0) return out.subarray(0, written);
  if (count === 2 && padding === 2) {
    out[written++] = quantum >>> 4;
  } else if (count === 3 && padding === 1) {
    out[written++] = quantum >>> 10;
    out[written++] = (quantum >>> 2) & 0xff;
  } else {
    return 'length is not a multiple of 4 (truncated or badly padded)';
  }
  return out.subarray(0, written);
}

/** Encodes bytes as base64 without line breaks. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let chunk = '';
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
    // Flush now and then: a flat accumulator is cheaper than one deep rope for megabytes of data.
    if (chunk.length >= 8192) {
      out += chunk;
      chunk = '';
    }
  }
  const rest = bytes.length - whole;
  if (rest === 1) {
    const n = bytes[whole]! << 16;
    chunk += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[whole]! << 16) | (bytes[whole + 1]! << 8);
    chunk += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}${ALPHABET[(n >>> 6) & 63]}=`;
  }
  return out + chunk;
}
