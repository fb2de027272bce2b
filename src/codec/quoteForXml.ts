/** U+FFFE and U+FFFF: not XML 1.0 characters, yet left as they are by `JSON.stringify`. */
const NONCHARACTERS = /[\uFFFE\uFFFF]/g;

/**
 * `text` as a JSON string literal that XML 1.0 can carry, so quoting hostile input can never make
 * the message itself unencodable: `JSON.stringify` already escapes every C0 control (as `\n`,
 * `\u0000`…) and every lone surrogate (as `\ud800`), and U+FFFE and U+FFFF are escaped here as
 * `\ufffe` and `\uffff`. Everything else, surrogate pairs included, is kept as it is.
 */
export function quoteForXml(text: string): string {
  return JSON.stringify(text).replace(NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
