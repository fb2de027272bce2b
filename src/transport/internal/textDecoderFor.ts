/**
 * A fresh decoder for `charset` (a `Content-Type` charset, lower-cased), or `undefined` when the
 * runtime has none for it: the transport then refuses the body instead of guessing.
 */
export function textDecoderFor(charset: string): TextDecoder | undefined {
  try {
    return new TextDecoder(charset);
  } catch {
    return undefined;
  }
}
