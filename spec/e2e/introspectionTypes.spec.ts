import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { describeMethod, type XmlRpcSignature } from '../../src/server/describeMethod.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { fetchTransport } from '../../src/transport/fetchTransport.js';
import { runInProcess } from '../cli/testIo.js';
import { typeCheckBlocks } from '../readme/typeCheckBlocks.js';
import { startPythonServer } from './helpers/startPythonServer.js';
import { type Supervisord, startSupervisord, supervisordMissing } from './helpers/startSupervisord.js';

/*
 * `rxjs-xmlrpc types` against real servers: what each one's introspection gives, and generated
 * modules that compile and describe what the server really answers.
 */

/** Type-checking builds a whole program: slow on a loaded machine. */
const TYPE_CHECK_TIMEOUT_MS = 60_000;

/** `types` run in this process on `args`, which must succeed without warnings (`stderr` aside); its module. */
async function generate(args: readonly string[], env?: Record<string, string>, stderr = ''): Promise<string> {
  const result = await runInProcess(['types', ...args], { env });
  expect([result.status, result.stderr]).toEqual([0, stderr]);
  return result.stdout;
}

/** The start of code using a generated `Api` as the method map of a client (never run: type-checked). */
const TYPED_CLIENT = `
import type { Observable } from 'rxjs';
import { expectTypeOf } from 'vitest';
import { createXmlRpcClient, fetchTransport } from 'rxjs-xmlrpc';
const client = createXmlRpcClient<Api>({ transport: fetchTransport('http://127.0.0.1:1/RPC2') });`;

/** Type-checks `module`, followed by `use` (code using its `Api`), as one file. */
function typeCheck(module: string, ...use: string[]): string[] {
  return typeCheckBlocks([{ language: 'ts', line: 1, code: [module, ...use, ''].join('\n') }], 'api.ts');
}

describe.each([true, false])(
  "Python's SimpleXMLRPCServer with introspection (multicall: %s)",
  (multicall) => {
    it(
      'types every method as taking and returning any XmlRpcValue, with its docstring',
      async () => {
        const server = await startPythonServer({ introspection: true, multicall });
        try {
          const module = await generate([server.url]);
          const members = module.match(/^ {2}\S.*$/gm);
          expect(members).toEqual([
            '  /**',
            '  echo(...params: XmlRpcValue[]): XmlRpcValue;',
            '  /**',
            '  fault(...params: XmlRpcValue[]): XmlRpcValue;',
            '  /**',
            '  repr(...params: XmlRpcValue[]): XmlRpcValue;',
            '  /**',
            '  sleep(...params: XmlRpcValue[]): XmlRpcValue;',
            '  /**',
            "  'system.listMethods'(...params: XmlRpcValue[]): XmlRpcValue;",
            '  /**',
            "  'system.methodHelp'(...params: XmlRpcValue[]): XmlRpcValue;",
            '  /**',
            "  'system.methodSignature'(...params: XmlRpcValue[]): XmlRpcValue;",
            ...(multicall ? ['  /**', "  'system.multicall'(...params: XmlRpcValue[]): XmlRpcValue;"] : []),
          ]);
          expect(module).toContain(
            [
              '  /**',
              '   * Answers the fault (code, message).',
              '   *',
              '   * Whatever the params, no result comes back: *\\/ ends no comment here.',
              '   */',
              '  fault(',
            ].join('\n'),
          );
          expect(typeCheck(module, 'declare const api: Api;', "api.echo(1, 'a');")).toEqual([]);
          const use = [
            TYPED_CLIENT,
            "expectTypeOf(client.methods.echo(1, 'a')).toEqualTypeOf<Observable<XmlRpcValue>>();",
            "expectTypeOf(client.call('system.listMethods')).toEqualTypeOf<Observable<XmlRpcValue>>();",
            '// @ts-expect-error a method the server does not list',
            "client.call('nope');",
          ];
          expect(typeCheck(module, ...use)).toEqual([]);
        } finally {
          await server.stop();
        }
      },
      TYPE_CHECK_TIMEOUT_MS,
    );
  },
);

describe('serveXmlRpc with describeMethod signatures', () => {
  /** A method per XML-RPC type: its signature, params to call it with, and what it returns. */
  const cases: readonly [
    name: string,
    signature: XmlRpcSignature,
    params: XmlRpcValue[],
    result: XmlRpcValue,
  ][] = [
    ['int', ['int', 'i4'], [1], 2],
    ['i8', ['i8', 'i8'], [2 ** 40], 2n ** 62n],
    ['double', ['double', 'double'], [0.5], 0.25],
    ['boolean', ['boolean', 'boolean'], [true], false],
    ['string', ['string', 'string'], ['a'], 'b'],
    ['struct', ['struct', 'struct'], [{ a: 1 }], { b: [] }],
    ['array', ['array', 'array'], [[1]], [2, 'c']],
    ['base64', ['base64', 'base64'], [new Uint8Array([1])], new Uint8Array([2])],
    ['dateTime', ['dateTime.iso8601', 'dateTime.iso8601'], [new Date(0)], new Date(1000)],
    ['nil', ['nil', 'nil'], [null], null],
  ];
  let server: XmlRpcServerHandle;
  beforeAll(async () => {
    server = await serveXmlRpc({
      methods: {
        ...Object.fromEntries(
          cases.map(([name, signature, , result]) => [
            `types.${name}`,
            describeMethod(() => result, { help: `Answers a ${name}.`, signatures: [signature] }),
          ]),
        ),
        'math.add': describeMethod((a, b) => (a as number) + (b as number), {
          help: 'Adds two numbers.\n\n@param int a\n@param int b',
          signatures: [
            ['int', 'int', 'int'],
            ['double', 'double', 'double'],
            ['string', 'string', 'string'],
          ],
        }),
        'odd name': () => 'undescribed',
      },
    });
  });
  afterAll(() => server?.close());

  it(
    'writes a signature per describeMethod signature, whose types are what the client decodes',
    async () => {
      const module = await generate([server.url]);
      expect(module).toContain(
        [
          '  /**',
          '   * Adds two numbers.',
          '   *',
          '   * @param int a',
          '   * @param int b',
          '   */',
          "  'math.add'(a: number, b: number): number;",
          "  'math.add'(a: string, b: string): string;",
          "  'odd name'(...params: XmlRpcValue[]): XmlRpcValue;",
        ].join('\n'),
      );
      // Each result, as the client decodes it, has the declared type: the module says so of a
      // value of that very type (a literal of it), and the check below fails for any other.
      const client = createXmlRpcClient({ transport: fetchTransport(server.url) });
      const results = await Promise.all(
        cases.map(([name, , params]) => lastValueFrom(client.call(`types.${name}`, params))),
      );
      expect(results).toEqual(cases.map(([, , , result]) => result));
      const literal = (value: XmlRpcValue): string =>
        typeof value === 'bigint'
          ? `${value}n`
          : value instanceof Date
            ? `new Date(${value.getTime()})`
            : value instanceof Uint8Array
              ? `new Uint8Array([${value.join(', ')}])`
              : JSON.stringify(value);
      const use = cases.map(
        ([name, , params], i) =>
          `const r${i}: ReturnType<Api['types.${name}']> = ${literal(results[i]!)};` +
          ` api['types.${name}'](${params.map(literal).join(', ')});`,
      );
      expect(typeCheck(module, 'declare const api: Api;', ...use)).toEqual([]);
      // The check can fail: a result of another type is refused.
      expect(typeCheck(module, "const wrong: ReturnType<Api['types.int']> = 'text';")).toHaveLength(1);

      // The module as the method map of a client: calls checked and typed, overloads picked by params.
      const typedUse = [
        TYPED_CLIENT,
        "expectTypeOf(client.call('math.add', [1, 2])).toEqualTypeOf<Observable<number>>();",
        "expectTypeOf(client.methods.math.add('a', 'b')).toEqualTypeOf<Observable<string>>();",
        'expectTypeOf(client.methods.types.dateTime(new Date(0))).toEqualTypeOf<Observable<Date>>();',
        "expectTypeOf(client.call('types.i8', [1])).toEqualTypeOf<Observable<number | bigint>>();",
        'expectTypeOf(client.methods.types.struct({ a: 1 })).toEqualTypeOf<Observable<Record<string, XmlRpcValue>>>();',
        "expectTypeOf(client.methods['odd name'](1, 'x')).toEqualTypeOf<Observable<XmlRpcValue>>();",
        '// @ts-expect-error params of two different overloads',
        "client.call('math.add', [1, 'b']);",
        '// @ts-expect-error a method the server does not list',
        'client.methods.math.sub(1, 2);',
      ];
      expect(typeCheck(module, ...typedUse)).toEqual([]);
      // It can fail too: a result type other than the declared one.
      const wrongResult =
        "expectTypeOf(client.call('math.add', [1, 2])).toEqualTypeOf<Observable<string>>();";
      expect(typeCheck(module, TYPED_CLIENT, wrongResult)).toHaveLength(1);
    },
    TYPE_CHECK_TIMEOUT_MS,
  );
});

const missing = supervisordMissing();

/** What `types` says on stderr of supervisord, beside the module. */
const SUPERVISORD_HINT =
  'hint: this is supervisord: SupervisorApi from rxjs-xmlrpc/supervisor types its structs too ' +
  '(createXmlRpcClient<SupervisorApi>)\n';

describe.skipIf(missing !== undefined)(`supervisord${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let supervisord: Supervisord;
  let dir: string;
  beforeAll(async () => {
    supervisord = await startSupervisord();
    dir = await mkdtemp(join(tmpdir(), 'rxjs-xmlrpc-types-e2e-'));
  });
  afterAll(async () => {
    await supervisord?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'types every method from its one flat signature, params named after its docstring, credentials from --auth-file',
    async () => {
      const authFile = join(dir, 'auth');
      const { username, password } = supervisord.credentials;
      await writeFile(authFile, `${username}:${password}\n`, { mode: 0o600 });
      const module = await generate(
        [supervisord.url, '--bare', '--auth-file', authFile],
        undefined,
        SUPERVISORD_HINT,
      );
      for (const member of [
        "  'supervisor.getProcessInfo'(name: string): Record<string, XmlRpcValue>;",
        "  'supervisor.getAllProcessInfo'(): XmlRpcValue[];",
        "  'supervisor.startProcess'(name: string, wait: boolean): boolean;",
        "  'supervisor.readLog'(offset: number, length: number): string;",
        "  'system.multicall'(calls: XmlRpcValue[]): XmlRpcValue[];",
      ]) {
        expect(module).toContain(`\n${member}\n`);
      }
      // Every listed method has a signature: supervisord declares one for each.
      expect(module).not.toContain('...params');
      expect(
        typeCheck(module, 'declare const api: Api;', "api['supervisor.getProcessInfo']('alpha');"),
      ).toEqual([]);
      const use = [
        TYPED_CLIENT,
        "expectTypeOf(client.methods.supervisor.getProcessInfo('alpha')).toEqualTypeOf<Observable<Record<string, XmlRpcValue>>>();",
        "expectTypeOf(client.call('supervisor.startProcess', ['alpha', true])).toEqualTypeOf<Observable<boolean>>();",
        'expectTypeOf(client.methods.supervisor.getPID()).toEqualTypeOf<Observable<number>>();',
        // Introspection declares every param, so unlike SupervisorApi's, `wait` is not optional here.
        '// @ts-expect-error wait is missing',
        "client.methods.supervisor.startProcess('alpha');",
      ];
      expect(typeCheck(module, ...use)).toEqual([]);
      // The same module with credentials from XMLRPC_AUTH and without --bare: each multicall answer
      // holds help strings, which are no one-element arrays, so the default reading finds it bare.
      expect(
        await generate([supervisord.url], { XMLRPC_AUTH: `${username}:${password}` }, SUPERVISORD_HINT),
      ).toBe(module);
    },
    TYPE_CHECK_TIMEOUT_MS,
  );
});
