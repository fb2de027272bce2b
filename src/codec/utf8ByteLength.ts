/**
 * How many bytes `text.slice(from)` takes as UTF-8, without encoding it. Counted per UTF-16 code
 * unit (a surrogate half counts 2, so a pair counts 4), which makes counts of consecutive slices add
 * up exactly even when a slice boundary splits a pair: XHR and HttpClient hand out decoded text,
 * and this measures it growing without re-encoding what was already counted.
 */
export function utf8ByteLength(text: string, from = 0): number {
  let bytes = 0;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}
