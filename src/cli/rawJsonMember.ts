import { skipString, skipValue, skipWhitespace } from './jsonScan.js';

/**
 * The source text of member `name` of the JSON object `json` (the last one, as `JSON.parse` keeps
 * the last of repeated names), or `undefined` when it has none. `json` must be text that
 * `JSON.parse` accepted and whose value is an object.
 *
 * Used to echo a call's `id` exactly as written: `JSON.parse` then `JSON.stringify` would turn
 * `1.0` into `1` and `12345678901234567890` into `12345678901234567000`.
 *
 * @example
 * ```ts
 * rawJsonMember('{"id": 1.50, "method": "m"}', 'id'); // '1.50'
 * ```
 */
export function rawJsonMember(json: string, name: string): string | undefined {
  let found: string | undefined;
  let i = skipWhitespace(json, json.indexOf('{') + 1);
  while (json[i] !== '}') {
    const nameEnd = skipString(json, i);
    const memberName = JSON.parse(json.slice(i, nameEnd)) as string;
    const valueStart = skipWhitespace(json, skipWhitespace(json, nameEnd) + 1); // past the ':'
    const valueEnd = skipValue(json, valueStart);
    if (memberName === name) found = json.slice(valueStart, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json[i] === ',') i = skipWhitespace(json, i + 1);
  }
  return found;
}
