import { skipScalar, skipString, skipWhitespace } from './jsonScan.js';

/**
 * A JSON number that `JSON.parse` would round: an integer past 2^53 (`9007199254740993`, `1e300`),
 * kept as its source text so that a message can quote what the user typed.
 */
export class UnsafeJsonInteger {
  constructor(
    /** The number as written. */
    readonly text: string,
  ) {}

  /** As `JSON.parse` reads it, for messages that show a whole array or object around it. */
  toJSON(): number {
    return Number(this.text);
  }
}

/**
 * Parses `json` as `JSON.parse` does, except that each integer past 2^53 becomes an
 * {@link UnsafeJsonInteger} holding its text. `json` must be text `JSON.parse` accepted: only
 * the readers that go back to the source for an error message use this (`readExactly`).
 *
 * @example
 * ```ts
 * parseExactJson('[1, 9007199254740993]'); // [1, UnsafeJsonInteger { text: '9007199254740993' }]
 * ```
 */
export function parseExactJson(json: string): unknown {
  return readValue(json, skipWhitespace(json, 0)).value;
}

/** The value starting at `i`, and the index just past it. */
function readValue(json: string, i: number): { value: unknown; end: number } {
  const first = json[i];
  if (first === '[') {
    const array: unknown[] = [];
    return { value: array, end: readMembers(json, i, ']', (start) => readInto(array, array.length, start)) };
  }
  if (first === '{') {
    // A plain object with members defined, as JSON.parse makes it: "__proto__" stays a member,
    // and a repeated name keeps its first place and its last value.
    const object: Record<string, unknown> = {};
    return {
      value: object,
      end: readMembers(json, i, '}', (start) => {
        const nameEnd = skipString(json, start);
        const name = JSON.parse(json.slice(start, nameEnd)) as string;
        return readInto(object, name, skipWhitespace(json, skipWhitespace(json, nameEnd) + 1));
      }),
    };
  }
  const end = first === '"' ? skipString(json, i) : skipScalar(json, i);
  const text = json.slice(i, end);
  const value: unknown = JSON.parse(text);
  const unsafe = typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
  return { value: unsafe ? new UnsafeJsonInteger(text) : value, end };

  /** Reads the value at `start` into `target[key]`; returns the index past it. */
  function readInto(target: object, key: string | number, start: number): number {
    const member = readValue(json, start);
    Object.defineProperty(target, key, {
      value: member.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return member.end;
  }
}

/**
 * Steps through the members of the array or object opening at `open`, calling `readMember` at the
 * start of each (which returns the index past it); returns the index past the `close` bracket.
 */
function readMembers(
  json: string,
  open: number,
  close: ']' | '}',
  readMember: (start: number) => number,
): number {
  let i = skipWhitespace(json, open + 1);
  while (json[i] !== close) {
    i = skipWhitespace(json, readMember(i));
    if (json[i] === ',') i = skipWhitespace(json, i + 1);
  }
  return i + 1;
}
