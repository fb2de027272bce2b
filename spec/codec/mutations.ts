import fc from 'fast-check';

/**
 * Random damage to documents, shared by the property specs: markup-ish text, and mutations
 * (delete, insert, replace, truncate, duplicate) applied at random places.
 */

/** Characters that make or break markup, some XML forbids, and some XML does not call whitespace. */
const MARKUP =
  '<>/&;#x![]-?="\' \n\r\tabcdilmnorstuvxyACDT0123456789.:\u0000\u0001\uD800\uFEFF\uFFFE\u00A0\u2028\u0085';
export const markupText = (maxLength: number) =>
  fc.array(fc.constantFrom(...MARKUP), { maxLength }).map((chars) => chars.join(''));

export type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number; to: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: markupText(10) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: markupText(3) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
    to: fc.nat(),
  }),
);

export function mutate(document: string, mutations: readonly Mutation[]): string {
  let xml = document;
  for (const m of mutations) {
    const at = m.at % (xml.length + 1);
    switch (m.kind) {
      case 'delete':
        xml = xml.slice(0, at) + xml.slice(at + m.length);
        break;
      case 'insert':
        xml = xml.slice(0, at) + m.text + xml.slice(at);
        break;
      case 'replace':
        xml = xml.slice(0, at) + m.text + xml.slice(at + m.text.length);
        break;
      case 'truncate':
        xml = xml.slice(0, at);
        break;
      case 'duplicate': {
        const to = m.to % (xml.length + 1);
        xml = xml.slice(0, to) + xml.slice(at, at + m.length) + xml.slice(to);
        break;
      }
    }
  }
  return xml;
}
