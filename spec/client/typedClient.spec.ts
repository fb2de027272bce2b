import { firstValueFrom, forkJoin, lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createXmlRpcClient, type XmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { callOf, callsOf } from '../../src/multicall/callOf.js';
import type { XmlRpcApi } from '../../src/multicall/XmlRpcApi.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { poll, pollOn } from '../../src/operators/poll.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';

/*
 * Typed method maps. The type assertions (expectTypeOf, @ts-expect-error) are checked by
 * `npm run typecheck`, which compiles the specs; the run-time ones by vitest.
 */

interface ProcessInfo {
  name: string;
  pid: number;
}

interface StartOptions {
  name: string;
  wait?: boolean;
  tags: string[];
}

/** A method map as `rxjs-xmlrpc types` writes one: an interface, methods and call-signature members. */
interface SupervisorApi {
  'supervisor.getState'(): { statecode: number; statename: string };
  'supervisor.getProcessInfo'(name: string): ProcessInfo;
  'supervisor.startProcess'(options: StartOptions): boolean;
  'supervisor.readLog'(offset: number, length?: number): string;
  'system.methodHelp': (name: string) => string;
  'system.methodSignature': { (name: string): string[][]; (name: string, verbose: boolean): string };
  'demo.callback'(done: () => void): boolean;
}

/** The same shape as a type alias. */
type AliasApi = {
  'supervisor.getState': () => { statecode: number };
};

/** A typed map that lets any other name through, as the untyped client does. */
interface OpenApi extends XmlRpcApi {
  'supervisor.getPID'(): number;
}

const handler = createXmlRpcHandler({
  supervisor: {
    getState: () => ({ statecode: 1, statename: 'RUNNING' }),
    getProcessInfo: (name) => {
      if (name !== 'web') throw new XmlRpcFault(10, `BAD_NAME: ${String(name)}`);
      return { name, pid: 42 };
    },
    startProcess: (options) => (options as { name: string }).name === 'web',
    readLog: (offset, length) => `log from ${String(offset)}, ${String(length ?? 'all')}`,
  },
});

function typedClient() {
  const transport = memoryTransport(handler);
  return { transport, client: createXmlRpcClient<SupervisorApi>({ transport }) };
}

/** The method names of every request the transport received, a multicall's calls in brackets. */
function requestsOf(transport: ReturnType<typeof memoryTransport>): string[] {
  return transport.requests.map(({ body }) => {
    const request = decodeMethodCall(body);
    if (request.methodName !== 'system.multicall') return request.methodName;
    const calls = request.params[0] as { methodName: string }[];
    return `[${calls.map((call) => call.methodName).join(', ')}]`;
  });
}

describe('createXmlRpcClient<Api>: call()', () => {
  it('checks names and params against the map and types results from it', async () => {
    const { client } = typedClient();
    const info = client.call('supervisor.getProcessInfo', ['web']);
    expectTypeOf(info).toEqualTypeOf<Observable<ProcessInfo>>();
    expectTypeOf(client.call('supervisor.getState')).toEqualTypeOf<
      Observable<{ statecode: number; statename: string }>
    >();
    expectTypeOf(client.call('supervisor.readLog', [0])).toEqualTypeOf<Observable<string>>();
    expectTypeOf(client.call('supervisor.readLog', [0, 10], { batch: false })).toEqualTypeOf<
      Observable<string>
    >();
    expectTypeOf(client.call('system.methodHelp', ['x'])).toEqualTypeOf<Observable<string>>();
    // Overloads: the params pick the signature.
    expectTypeOf(client.call('system.methodSignature', ['x'])).toEqualTypeOf<Observable<string[][]>>();
    expectTypeOf(client.call('system.methodSignature', ['x', true])).toEqualTypeOf<Observable<string>>();

    // @ts-expect-error an unknown name
    client.call('supervisor.nope');
    // @ts-expect-error missing params
    client.call('supervisor.getProcessInfo');
    // @ts-expect-error a param of the wrong type
    client.call('supervisor.getProcessInfo', [1]);
    // @ts-expect-error too many params
    client.call('supervisor.getState', [1]);
    // @ts-expect-error a function param is refused even where the map declares one
    client.call('demo.callback', [() => {}]);
    // @ts-expect-error `call<T>()` is for maps that allow any name
    client.call<ProcessInfo>('supervisor.getProcessInfo', ['web']);

    expect(await firstValueFrom(info)).toEqual({ name: 'web', pid: 42 });
  });

  it('accepts params typed by an interface, and refuses functions, Maps and class instances with methods', async () => {
    const { client } = typedClient();
    const options: StartOptions = { name: 'web', tags: ['a'] };
    expectTypeOf(client.call('supervisor.startProcess', [options])).toEqualTypeOf<Observable<boolean>>();
    expect(await firstValueFrom(client.call('supervisor.startProcess', [options]))).toBe(true);

    const untyped = createXmlRpcClient({ transport: memoryTransport(handler) });
    expectTypeOf(untyped.call('supervisor.startProcess', [options])).toEqualTypeOf<Observable<XmlRpcValue>>();
    class Point {
      constructor(readonly x: number) {}
      norm(): number {
        return Math.abs(this.x);
      }
    }
    // @ts-expect-error a Map
    untyped.call('m', [new Map<string, number>()]);
    // @ts-expect-error a class instance with methods
    untyped.call('m', [new Point(1)]);
    // @ts-expect-error a function
    untyped.call('m', [() => 1]);
    // @ts-expect-error a function nested in a struct typed by an interface
    untyped.call('m', [{ ...options, onDone: () => {} }]);
  });

  it('keeps the untyped form: any name, `call<T>()`, results inferred from where they go', () => {
    const client = createXmlRpcClient({ transport: memoryTransport(handler) });
    expectTypeOf(client).toEqualTypeOf<XmlRpcClient>();
    const returned: ReturnType<typeof createXmlRpcClient> = client;
    const back: XmlRpcClient = returned;
    expectTypeOf(returned.call('any.name')).toEqualTypeOf<Observable<XmlRpcValue>>();
    expectTypeOf(client.call('any.name', [1, 'two'])).toEqualTypeOf<Observable<XmlRpcValue>>();
    expectTypeOf(client.call('any.name')).toEqualTypeOf<Observable<XmlRpcValue>>();
    expectTypeOf(client.call<ProcessInfo>('any.name', ['web'])).toEqualTypeOf<Observable<ProcessInfo>>();
    const fromContext: Observable<ProcessInfo> = client.call('supervisor.getProcessInfo', ['web']);
    expect([fromContext, back]).toHaveLength(2);
  });

  it('takes a type alias as map, and a map extending XmlRpcApi lets other names through', () => {
    const alias = createXmlRpcClient<AliasApi>({ transport: memoryTransport(handler) });
    expectTypeOf(alias.call('supervisor.getState')).toEqualTypeOf<Observable<{ statecode: number }>>();
    // @ts-expect-error not in the alias
    alias.call('supervisor.getPID');

    const open = createXmlRpcClient<OpenApi>({ transport: memoryTransport(handler) });
    expectTypeOf(open.call('supervisor.getPID')).toEqualTypeOf<Observable<number>>();
    expectTypeOf(open.call('anything.else', [1])).toEqualTypeOf<Observable<XmlRpcValue>>();
    expect(alias).not.toBe(open);
  });
});

describe('client.methods', () => {
  it('calls the methods nested by dots, typed by the map', async () => {
    const { client } = typedClient();
    const web = client.methods.supervisor.getProcessInfo('web');
    expectTypeOf(web).toEqualTypeOf<Observable<ProcessInfo>>();
    expectTypeOf(client.methods.system.methodSignature('x', true)).toEqualTypeOf<Observable<string>>();
    expectTypeOf(client.methods.system.methodSignature('x')).toEqualTypeOf<Observable<string[][]>>();
    expectTypeOf(client.methods.supervisor.readLog(0)).toEqualTypeOf<Observable<string>>();
    // @ts-expect-error not a method of the map
    client.methods.supervisor.nope();
    // @ts-expect-error a param of the wrong type
    client.methods.supervisor.getProcessInfo(1);
    // @ts-expect-error a function param is refused
    client.methods.demo.callback(() => {});

    expect(await firstValueFrom(web)).toEqual({ name: 'web', pid: 42 });
    expect(await firstValueFrom(client.methods.supervisor.readLog(3, 4))).toBe('log from 3, 4');
  });

  it('sends the calls of one tick as one multicall, each answer to its caller, faults included', async () => {
    const { client, transport } = typedClient();
    const answers = await lastValueFrom(
      forkJoin([
        client.methods.supervisor.getState(),
        client.methods.supervisor.getProcessInfo('web'),
        client.call('supervisor.getProcessInfo', ['web']),
      ]),
    );
    expect(answers).toEqual([
      { statecode: 1, statename: 'RUNNING' },
      { name: 'web', pid: 42 },
      { name: 'web', pid: 42 },
    ]);
    const fault = firstValueFrom(client.methods.supervisor.getProcessInfo('nope'));
    await expect(fault).rejects.toMatchObject({ faultCode: 10, faultString: 'BAD_NAME: nope' });
    expect(requestsOf(transport)).toEqual([
      '[supervisor.getState, supervisor.getProcessInfo, supervisor.getProcessInfo]',
      'supervisor.getProcessInfo',
    ]);
  });

  it('is cold like call(): nothing is sent until subscribed, each subscription is a call', async () => {
    const { client, transport } = typedClient();
    const state = client.methods.supervisor.getState();
    expect(transport.requests).toHaveLength(0);
    await firstValueFrom(state);
    await firstValueFrom(state);
    expect(requestsOf(transport)).toEqual(['supervisor.getState', 'supervisor.getState']);
  });

  it('on an untyped client, calls any name; the root, symbols and `then` are no methods', async () => {
    const transport = memoryTransport(handler);
    const client = createXmlRpcClient({ transport });
    // The index signature's names may be undefined to the compiler under noUncheckedIndexedAccess.
    const state = client.methods.supervisor!.getState!();
    expectTypeOf(state).toEqualTypeOf<Observable<XmlRpcValue>>();
    expect(await firstValueFrom(state)).toEqual({ statecode: 1, statename: 'RUNNING' });
    expect(await firstValueFrom(client.methods.supervisor!.readLog!(1))).toBe('log from 1, all');

    // Awaiting the proxy (returned from an async function, say) must not call a method `then`.
    expect(await client.methods).toBe(client.methods);
    expect(await client.methods.supervisor).toBe(client.methods.supervisor);
    expect((client.methods as unknown as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
    expect(typeof client.methods).toBe('object');
    expect(client.methods.supervisor).toBe(client.methods.supervisor); // one proxy a name
    expect(requestsOf(transport)).toEqual(['supervisor.getState', 'supervisor.readLog']);
  });
});

describe('result types through multicall(), poll() and pollOn()', () => {
  const supervisor = callsOf<SupervisorApi>();

  it('callsOf<Api>() builds typed descriptors; a tuple of calls gives a tuple of outcomes', async () => {
    const { client } = typedClient();
    const state = supervisor('supervisor.getState');
    const web = supervisor('supervisor.getProcessInfo', ['web'], 'web row');
    expectTypeOf(state).toEqualTypeOf<XmlRpcCall<{ statecode: number; statename: string }>>();
    expectTypeOf(web).toEqualTypeOf<XmlRpcCall<ProcessInfo>>();
    // @ts-expect-error an unknown name
    supervisor('supervisor.nope');
    // @ts-expect-error a param of the wrong type
    supervisor('supervisor.getProcessInfo', [1]);

    const outcomes = await firstValueFrom(client.multicall([state, web]));
    expectTypeOf(outcomes).toEqualTypeOf<[CallOutcome<typeof state>, CallOutcome<typeof web>]>();
    const [stateOutcome, webOutcome] = outcomes;
    if (!stateOutcome.ok || !webOutcome.ok) throw new Error('expected two successes');
    expectTypeOf(webOutcome.value).toEqualTypeOf<ProcessInfo>();
    expect(stateOutcome.value.statename).toBe('RUNNING');
    expect(webOutcome.value.pid).toBe(42);
    expect(webOutcome.call).toBe(web);
    expect(web).toEqual({ methodName: 'supervisor.getProcessInfo', params: ['web'], id: 'web row' });
  });

  it('an array of calls of one type gives an array of outcomes of that type', async () => {
    const { client } = typedClient();
    const calls = ['web', 'nope'].map((name) => supervisor('supervisor.getProcessInfo', [name]));
    const outcomes = await firstValueFrom(client.multicall(calls));
    expectTypeOf(outcomes).toEqualTypeOf<CallOutcome<XmlRpcCall<ProcessInfo>>[]>();
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.value.pid : outcome.error.message))).toEqual([
      42,
      expect.stringContaining('BAD_NAME: nope'),
    ]);
  });

  it('poll() and pollOn() carry the types of their calls', async () => {
    const { client } = typedClient();
    const polled = poll(
      client,
      [supervisor('supervisor.getState'), callOf<ProcessInfo>('supervisor.getProcessInfo', ['web'])],
      { everyMs: 1000 },
    );
    expectTypeOf(polled).toEqualTypeOf<
      Observable<
        [
          CallOutcome<XmlRpcCall<{ statecode: number; statename: string }>>,
          CallOutcome<XmlRpcCall<ProcessInfo>>,
        ]
      >
    >();
    const [state, web] = await firstValueFrom(polled);
    expect(state.ok && state.value.statecode).toBe(1);
    expect(web.ok && web.value.name).toBe('web');

    const triggered = pollOn(client, [supervisor('supervisor.getProcessInfo', ['web'])]);
    expectTypeOf(triggered).returns.toEqualTypeOf<Observable<[CallOutcome<XmlRpcCall<ProcessInfo>>]>>();
  });

  it('plain descriptors and callOf() without a result type keep XmlRpcValue', async () => {
    const client = createXmlRpcClient({ transport: memoryTransport(handler) });
    const plain: XmlRpcCall[] = [{ methodName: 'supervisor.getState', params: [] }];
    expectTypeOf(poll(client, plain, { everyMs: 1 })).toEqualTypeOf<Observable<CallOutcome[]>>();
    const options: StartOptions = { name: 'web', tags: [] };
    const start = callOf('supervisor.startProcess', [options]);
    expectTypeOf(start).toEqualTypeOf<XmlRpcCall<XmlRpcValue>>();
    // @ts-expect-error callOf refuses a Map param too
    callOf('m', [new Map()]);
    const [outcome] = await firstValueFrom(client.multicall([start]));
    expectTypeOf(outcome.ok && outcome.value).toEqualTypeOf<false | XmlRpcValue>();
    expect(outcome).toMatchObject({ ok: true, value: true });
  });
});

describe('callOf', () => {
  it('builds { methodName, params } and adds `id` only when given', () => {
    expect(callOf('a.b')).toEqual({ methodName: 'a.b', params: [] });
    expect(Object.keys(callOf('a.b', [1]))).toEqual(['methodName', 'params']);
    expect(callOf('a.b', [1], 7)).toEqual({ methodName: 'a.b', params: [1], id: 7 });
  });

  it('refuses a name that is not a string and params that are not an array, naming them', () => {
    expect(() => callOf(1 as unknown as string)).toThrow(
      new TypeError('`methodName` must be a string, but got number'),
    );
    expect(() => callOf('a.b', 'x' as unknown as [])).toThrow(
      new TypeError('`params` of a.b must be an array, but got string'),
    );
  });
});
