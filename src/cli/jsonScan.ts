/*
 * Steps through JSON text that `JSON.parse` has accepted, for the readers that need what it throws
 * away: the source text of a value (`rawJsonMember`, `parseExactJson`). Valid input is assumed, so
 * nothing here checks syntax.
 */

/** JSON's insignificant whitespace. */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Characters that end a number, `true`, `false` or `null`. */
const SCALAR_END = new Set([',', '}', ']', ' ', '\t', '\n', '\r']);

/** Index of the first character at or after `i` that is not whitespace. */
export function skipWhitespace(json: string, i: number): number {
  while (WHITESPACE.has(json[i]!)) i++;
  return i;
}

/** Index just past the string starting at `i` (at its opening quote). */
export function skipString(json: string, i: number): number {
  for (i++; json[i] !== '"'; i++) if (json[i] === '\\') i++;
  return i + 1;
}

/** Index just past the number, `true`, `false` or `null` starting at `i`. */
export function skipScalar(json: string, i: number): number {
  while (i < json.length && !SCALAR_END.has(json[i]!)) i++;
  return i;
}

/** Index just past the value starting at `i`. */
export function skipValue(json: string, i: number): number {
  const first = json[i];
  if (first === '"') return skipString(json, i);
  if (first !== '{' && first !== '[') return skipScalar(json, i);
  let depth = 0;
  while (true) {
    const c = json[i];
    if (c === '"') {
      i = skipString(json, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
    if (depth === 0) return i;
  }
}
