import { map, queueScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readIntrospection } from '../../src/cli/readIntrospection.js';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { encodeFault } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import type { MulticallResults } from '../../src/multicall/decodeMulticallResponse.js';
import { XmlRpcProtocolError } from '../../src/multicall/XmlRpcProtocolError.js';
import { createXmlRpcHandler, decodeMethodCall, memoryTransport } from '../../src/testing/index.js';
import { bareResults, receivedCalls } from '../helpers/testHandler.js';

interface IntrospectingOptions {
  /** Successes of a multicall answered bare, as supervisord does. */
  readonly bareResults?: boolean;
  readonly multicallResults?: MulticallResults;
  /** Rewrites the answer to a `system.multicall` request. */
  readonly rewriteMulticall?: (body: string) => string;
}

/** A server whose introspection answers come from tables: a thrown fault for a name not in them. */
function introspectingServer(
  listed: XmlRpcParam,
  signatures: Readonly<Record<string, XmlRpcParam>>,
  help: Readonly<Record<string, XmlRpcParam>> = {},
  options: IntrospectingOptions = {},
) {
  const answer = (table: Readonly<Record<string, XmlRpcParam>>, what: string) => (name: unknown) => {
    const value = table[name as string];
    if (value === undefined) throw new XmlRpcFault(4, `no ${what} for ${String(name)}`);
    return value;
  };
  // The handler has system.* introspection built in: the tables answer under other names, and
  // requests are renamed on their way in.
  const handler = createXmlRpcHandler(
    {
      'tables.listMethods': () => listed,
      'tables.methodSignature': answer(signatures, 'signature'),
      'tables.methodHelp': answer(help, 'help'),
    },
    { scheduler: queueScheduler },
  );
  const serve = options.bareResults ? bareResults(handler) : (xml: string) => handler.observe(xml);
  const { rewriteMulticall = (body: string) => body } = options;
  const transport = memoryTransport((requestXml) => {
    const renamed = requestXml.replace(/system\.(listMethods|methodSignature|methodHelp)\b/g, 'tables.$1');
    const multicall = decodeMethodCall(requestXml).methodName === 'system.multicall';
    return serve(renamed).pipe(map((body) => (multicall ? rewriteMulticall(body) : body)));
  });
  const client = createXmlRpcClient({ transport, multicallResults: options.multicallResults });
  return { transport, client };
}

describe('readIntrospection', () => {
  it('reads every shape of signatures: lists, one flat signature (supervisord), a string or an empty list for none', async () => {
    const { client } = introspectingServer(
      ['listed', 'flat', 'python', 'undef', 'empty'],
      {
        listed: [
          ['int', 'int'],
          ['string', 'string', 'i8'],
        ],
        flat: ['boolean', 'string', 'boolean'],
        python: 'signatures not supported',
        undef: 'undef',
        empty: [],
      },
      { listed: 'Listed.', flat: 'Flat.', python: '', undef: 'Undef.', empty: 'Empty.' },
    );
    expect(await readIntrospection(client)).toEqual({
      methods: [
        { name: 'empty', signatures: [], help: 'Empty.' },
        { name: 'flat', signatures: [['boolean', 'string', 'boolean']], help: 'Flat.' },
        {
          name: 'listed',
          signatures: [
            ['int', 'int'],
            ['string', 'string', 'i8'],
          ],
          help: 'Listed.',
        },
        { name: 'python', signatures: [], help: '' },
        { name: 'undef', signatures: [], help: 'Undef.' },
      ],
      warnings: [],
    });
  });

  it('lists each method once, sorted by code unit whatever the order listed, in multicalls of methodsPerRequest methods', async () => {
    const names = ['e', 'b', 'é', 'a', 'B', 'd', 'c', 'b'];
    const signatures = Object.fromEntries(names.map((name) => [name, [['string']]]));
    const { transport, client } = introspectingServer(names, signatures, signatures);
    const { methods } = await readIntrospection(client, 3);
    expect(methods.map((method) => method.name)).toEqual(['B', 'a', 'b', 'c', 'd', 'e', 'é']);
    expect(
      receivedCalls(transport).map(({ methodName, params }) =>
        methodName === 'system.multicall'
          ? (params[0] as { methodName: string; params: string[] }[]).map(
              (call) => `${call.methodName === 'system.methodSignature' ? 'sig' : 'help'}(${call.params[0]})`,
            )
          : methodName,
      ),
    ).toEqual([
      'system.listMethods',
      ['sig(B)', 'help(B)', 'sig(a)', 'help(a)', 'sig(b)', 'help(b)'],
      ['sig(c)', 'help(c)', 'sig(d)', 'help(d)', 'sig(e)', 'help(e)'],
      ['sig(é)', 'help(é)'],
    ]);
  });

  it("leaves a method without what its own fault denied, with a warning, read bare as supervisord's are", async () => {
    const { client } = introspectingServer(
      ['getPID', 'mystery'],
      { getPID: ['int'] },
      { mystery: 'Who knows.' },
      { bareResults: true, multicallResults: 'bare' },
    );
    expect(await readIntrospection(client)).toEqual({
      methods: [
        { name: 'getPID', signatures: [['int']], help: '' },
        { name: 'mystery', signatures: [], help: 'Who knows.' },
      ],
      warnings: [
        'system.methodHelp("getPID") answered fault 4: no help for getPID (no help)',
        'system.methodSignature("mystery") answered fault 4: no signature for mystery (no signatures)',
      ],
    });
  });

  it('leaves out, with a warning quoting it, an answer of no known shape', async () => {
    const { client } = introspectingServer(
      ['mixed', 'numbers', 'blank', 'long'],
      { mixed: [['int'], 'int'], numbers: [1, 2], blank: [[]], long: { text: 'x'.repeat(100) } },
      { mixed: 7, numbers: null, blank: 'Fine.', long: ['a'] },
    );
    const { methods, warnings } = await readIntrospection(client);
    expect(methods.every((method) => method.signatures.length === 0)).toBe(true);
    expect(methods.map((method) => method.help)).toEqual(['Fine.', '', '', '']);
    expect(warnings).toEqual([
      'system.methodSignature("blank") answered [[]], which is neither signatures nor a string (no signatures)',
      `system.methodSignature("long") answered {"text":"${'x'.repeat(71)}…, which is neither signatures nor a string (no signatures)`,
      'system.methodHelp("long") answered ["a"], not a string (no help)',
      'system.methodSignature("mixed") answered [["int"],"int"], which is neither signatures nor a string (no signatures)',
      'system.methodHelp("mixed") answered 7, not a string (no help)',
      'system.methodSignature("numbers") answered [1,2], which is neither signatures nor a string (no signatures)',
      'system.methodHelp("numbers") answered null, not a string (no help)',
    ]);
  });

  it('sends nothing more for a server without methods', async () => {
    const { transport, client } = introspectingServer([], {});
    expect(await readIntrospection(client)).toEqual({ methods: [], warnings: [] });
    expect(transport.requests).toHaveLength(1);
  });

  it('rejects when system.listMethods answers anything but an array of names', async () => {
    for (const [listed, shown] of [
      ['a, b', '"a, b"'],
      [['a', 1], '["a",1]'],
    ] as const) {
      const { client } = introspectingServer(listed, {});
      const reading = readIntrospection(client);
      await expect(reading).rejects.toThrow(XmlRpcProtocolError);
      await expect(reading).rejects.toThrow(
        `system.listMethods must answer an array of method names, but answered ${shown}`,
      );
    }
  });

  it('rejects with the error when system.listMethods fails', async () => {
    const transport = memoryTransport(() =>
      encodeFault(-32601, 'method "system.listMethods" is not supported'),
    );
    const client = createXmlRpcClient({ transport });
    const reading = readIntrospection(client);
    await expect(reading).rejects.toBeInstanceOf(XmlRpcFault);
    await expect(reading).rejects.toMatchObject({ faultCode: -32601 });
  });

  it('rejects rather than pass off as "no information" an answer that is not a fault of the method', async () => {
    const { client } = introspectingServer(
      ['a', 'b'],
      { a: [['int']], b: [['int']] },
      { a: '', b: '' },
      {
        // The multicall's answer is cut short: a parse error, not the server's word on the methods.
        rewriteMulticall: (body) => body.slice(0, 200),
      },
    );
    const reading = readIntrospection(client);
    await expect(reading).rejects.toBeInstanceOf(XmlRpcParseError);
    await expect(reading).rejects.toThrow(/^system\.methodSignature \(call 1 of 4\): malformed tag/);
  });
});
