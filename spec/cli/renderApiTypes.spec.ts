import { describe, expect, it } from 'vitest';
import type { IntrospectedMethod } from '../../src/cli/readIntrospection.js';
import { renderApiTypes } from '../../src/cli/renderApiTypes.js';
import { typeCheckBlocks } from '../readme/typeCheckBlocks.js';

const method = (
  name: string,
  signatures: IntrospectedMethod['signatures'] = [],
  help = '',
): IntrospectedMethod => ({ name, signatures, help });

/** The members of the generated interface, without the header and the closing brace. */
function members(methods: readonly IntrospectedMethod[]): string[] {
  const lines = renderApiTypes(methods).split('\n');
  return lines.slice(lines.indexOf('export interface Api {') + 1, lines.lastIndexOf('}'));
}

describe('renderApiTypes', () => {
  it('maps every XML-RPC type to what the decoder makes of it, unknown types to XmlRpcValue', () => {
    expect(
      members([
        method('types', [
          ['int', 'i4', 'i8', 'double', 'boolean', 'string'],
          ['struct', 'array', 'base64', 'dateTime.iso8601', 'nil', 'undef', 'mystery', 'constructor'],
        ]),
      ]),
    ).toEqual([
      '  types(param1: number, param2: number | bigint, param3: number, param4: boolean, param5: string): number;',
      '  types(param1: XmlRpcValue[], param2: Uint8Array, param3: Date, param4: XmlRpcValue, param5: XmlRpcValue, param6: XmlRpcValue, param7: XmlRpcValue): Record<string, XmlRpcValue>;',
    ]);
  });

  it('writes one overload per signature, in the order given, and identical ones once', () => {
    expect(
      members([
        method('add', [
          ['int', 'int', 'int'],
          ['double', 'double', 'double'],
          ['i4', 'i4', 'int'],
        ]),
      ]),
    ).toEqual(['  add(param1: number, param2: number): number;']);
    expect(members([method('x.y', [['string', 'int'], ['string', 'int', 'string'], ['string']])])).toEqual([
      "  'x.y'(param1: number): string;",
      "  'x.y'(param1: number, param2: string): string;",
      "  'x.y'(): string;",
    ]);
  });

  it('types a method without signatures as taking and returning any XmlRpcValue', () => {
    expect(members([method('echo')])).toEqual(['  echo(...params: XmlRpcValue[]): XmlRpcValue;']);
  });

  it('imports XmlRpcValue only when a member uses it', () => {
    expect(renderApiTypes([method('version', [['string']])])).not.toContain('import');
    expect(renderApiTypes([method('echo')])).toContain("import type { XmlRpcValue } from 'rxjs-xmlrpc';\n");
    expect(renderApiTypes([method('info', [['struct']])])).toContain('import type { XmlRpcValue }');
  });

  it('quotes method names that are not identifiers, reserved words included', () => {
    expect(
      members([
        method('plain_$1'),
        method('system.listMethods'),
        method("it's\\"),
        method('line\nbreak\u2028'),
        method('new'),
        method('2fast'),
        method(''),
      ]).map((line) => line.slice(0, line.indexOf('(...'))),
    ).toEqual([
      '  plain_$1',
      "  'system.listMethods'",
      "  'it\\'s\\\\'",
      "  'line\\u000abreak\\u2028'",
      "  'new'",
      "  '2fast'",
      "  ''",
    ]);
  });

  it('writes help as TSDoc without its common indentation, blank lines around it or a way out of the comment', () => {
    const help = ' Read a log.\n\n        Ends with */ here, /* there */\n          indented\r\n        \n';
    expect(members([method('readLog', [['string']], help)])).toEqual([
      '  /**',
      '   * Read a log.',
      '   *',
      '   * Ends with *\\/ here, /* there *\\/',
      '   *   indented',
      '   */',
      '  readLog(): string;',
    ]);
    expect(members([method('quiet', [['string']], ' \n \n')])).toEqual(['  quiet(): string;']);
  });

  it("names params after the help's @param lines when there is one per param", () => {
    const help = (...names: string[]) => names.map((name) => `@param string ${name} what it is`).join('\n');
    const start = [['boolean', 'string', 'boolean']];
    expect(members([method('start', start, help('name', 'wait'))]).at(-1)).toBe(
      '  start(name: string, wait: boolean): boolean;',
    );
    // Too few, repeated, reserved or not identifiers: numbered instead.
    for (const names of [['name'], ['name', 'name'], ['name', 'class'], ['name', 'x-y']]) {
      expect(members([method('start', start, help(...names))]).at(-1)).toBe(
        '  start(param1: string, param2: boolean): boolean;',
      );
    }
  });

  it('writes an empty interface for a server without methods', () => {
    expect(renderApiTypes([])).toMatch(/\nexport interface Api \{\}\n$/);
  });

  it('writes modules that type-check, and whose types catch wrong calls', { timeout: 60_000 }, () => {
    const everything = renderApiTypes([
      method('echo', [], 'Echoes.\n*/ not the end'),
      method('new', [['string']]),
      method("it's", [['nil', 'nil']]),
      method('supervisor.getProcessInfo', [['struct', 'string']], '@param string name The process'),
      method('add', [
        ['int', 'int', 'int'],
        ['double', 'double', 'double'],
      ]),
      method('all', [['array', 'i8', 'base64', 'dateTime.iso8601', 'boolean', 'struct', 'array']]),
    ]);
    const use = [
      'declare const api: Api;',
      "const info: Record<string, XmlRpcValue> = api['supervisor.getProcessInfo']('web');",
      'const sum: number = api.add(1, 2);',
      "const text: string = api['new']();",
      "const anything: XmlRpcValue = api.echo(1, 'a', [true]);",
      'const nothing: XmlRpcValue = api["it\'s"](null);',
      'const list: XmlRpcValue[] = api.all(1n, new Uint8Array(), new Date(), false, {}, []);',
      '// @ts-expect-error: a number is no process name',
      "api['supervisor.getProcessInfo'](1);",
      '// @ts-expect-error: a struct is no string',
      "const wrong: string = api['supervisor.getProcessInfo']('web');",
      '// @ts-expect-error: no such method',
      'api.nope();',
      'export { info, sum, text, anything, nothing, list, wrong };',
    ].join('\n');
    const withValue = "import type { XmlRpcValue } from 'rxjs-xmlrpc';\n";
    const blocks = [
      { language: 'ts', line: 1, code: `${everything}\n${use}\n` },
      { language: 'ts', line: 1000, code: renderApiTypes([method('version', [['string']])]) },
      { language: 'ts', line: 2000, code: `${withValue}${renderApiTypes([])}` },
    ];
    expect(typeCheckBlocks(blocks, 'api.ts')).toEqual([]);
    // The check can fail: a call the types refuse is reported.
    const refused = {
      language: 'ts',
      line: 1,
      code: `${everything}\ndeclare const api: Api;\napi.add('1', 2);\n`,
    };
    expect(typeCheckBlocks([refused], 'api.ts')).toEqual([
      "api.ts:23:9 TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    ]);
  });
});
