import { firstValueFrom, forkJoin, type Observable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { callsOf } from '../../src/multicall/callOf.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import {
  type LogTail,
  type ProcessInfo,
  ProcessState,
  type ProcessStatus,
  type SupervisorApi,
  SupervisorFaultCode,
  type SupervisorStateInfo,
} from '../../src/supervisor/index.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';

/*
 * SupervisorApi as the method map of a client. The type assertions (expectTypeOf, @ts-expect-error)
 * are checked by `npm run typecheck`; the calls, against a fake supervisord, by vitest. The real
 * supervisord is in spec/e2e/supervisorApi.spec.ts.
 */

const web: ProcessInfo = {
  name: 'web',
  group: 'web',
  description: 'pid 4242, uptime 0:01:00',
  start: 1_700_000_000,
  stop: 0,
  now: 1_700_000_060,
  state: ProcessState.RUNNING,
  statename: 'RUNNING',
  spawnerr: '',
  exitstatus: 0,
  logfile: '/var/log/web.log',
  stdout_logfile: '/var/log/web.log',
  stderr_logfile: '',
  pid: 4242,
};

/** A fake supervisord: what its methods answer, faults as supervisord's. */
const handler = createXmlRpcHandler({
  supervisor: {
    getState: (): SupervisorStateInfo => ({ statecode: 1, statename: 'RUNNING' }),
    getProcessInfo: (name) => {
      if (name !== 'web') throw new XmlRpcFault(SupervisorFaultCode.BAD_NAME, `BAD_NAME: ${String(name)}`);
      return { ...web };
    },
    startProcess: (_name, wait = true) => wait === true,
    startAllProcesses: (): ProcessStatus[] => [
      { name: 'web', group: 'web', status: SupervisorFaultCode.SUCCESS, description: 'OK' },
    ],
    tailProcessStdoutLog: (_name, offset, length): LogTail => ['log', Number(offset) + Number(length), false],
  },
});

function supervisorClient() {
  const transport = memoryTransport(handler);
  return { transport, client: createXmlRpcClient<SupervisorApi>({ transport }) };
}

/** The params of every call the transport received, a multicall's calls one by one. */
function sentParams(transport: ReturnType<typeof memoryTransport>): XmlRpcValue[][] {
  return transport.requests.flatMap(({ body }) => {
    const request = decodeMethodCall(body);
    if (request.methodName !== 'system.multicall') return [request.params];
    return (request.params[0] as { params: XmlRpcValue[] }[]).map((call) => call.params);
  });
}

describe('SupervisorApi as a method map', () => {
  it('types call() by method name, and refuses unknown names and wrong params', async () => {
    const { client } = supervisorClient();
    const info = client.call('supervisor.getProcessInfo', ['web']);
    expectTypeOf(info).toEqualTypeOf<Observable<ProcessInfo>>();
    expectTypeOf(client.call('supervisor.getState')).toEqualTypeOf<Observable<SupervisorStateInfo>>();
    expectTypeOf(client.call('supervisor.getAllProcessInfo')).toEqualTypeOf<Observable<ProcessInfo[]>>();
    expectTypeOf(client.call('supervisor.tailProcessStdoutLog', ['web', 0, 100])).toEqualTypeOf<
      Observable<LogTail>
    >();
    expectTypeOf(client.call('system.listMethods')).toEqualTypeOf<Observable<string[]>>();

    // @ts-expect-error an unknown name
    client.call('supervisor.getProcessInfos', ['web']);
    // @ts-expect-error a name supervisord does not have
    client.call('supervisor.startProcesses');
    // @ts-expect-error a param of the wrong type
    client.call('supervisor.getProcessInfo', [42]);
    // @ts-expect-error the name is missing
    client.call('supervisor.getProcessInfo');
    // @ts-expect-error too many params
    client.call('supervisor.getState', [true]);
    // @ts-expect-error `call<T>()` is for untyped clients
    client.call<string>('supervisor.getProcessInfo', ['web']);

    const answer = await firstValueFrom(info);
    expect(answer).toEqual(web);
    expect(answer.state).toBe(ProcessState.RUNNING);
  });

  it('types client.methods, nested by the dots of the names', async () => {
    const { client } = supervisorClient();
    const { supervisor, system } = client.methods;
    expectTypeOf(supervisor.getState()).toEqualTypeOf<Observable<SupervisorStateInfo>>();
    expectTypeOf(supervisor.getProcessInfo('web')).toEqualTypeOf<Observable<ProcessInfo>>();
    expectTypeOf(system.methodSignature('supervisor.getPID')).toEqualTypeOf<Observable<string[]>>();
    // @ts-expect-error not one of supervisord's methods
    supervisor.getProcessInfos('web');
    // @ts-expect-error a param of the wrong type
    supervisor.getProcessInfo(42);
    // @ts-expect-error a signal name is a string
    supervisor.signalProcess('web', 1);

    const [state, info] = await firstValueFrom(
      forkJoin([supervisor.getState(), supervisor.getProcessInfo('web')]),
    );
    expect(state.statename).toBe('RUNNING');
    expect(info.pid).toBe(4242);
    await expect(firstValueFrom(supervisor.getProcessInfo('nope'))).rejects.toMatchObject({
      faultCode: SupervisorFaultCode.BAD_NAME,
    });
  });

  it('takes the optional `wait` or leaves it out, and sends only the params given', async () => {
    const { client, transport } = supervisorClient();
    const { supervisor } = client.methods;
    expectTypeOf(supervisor.startProcess('web')).toEqualTypeOf<Observable<boolean>>();
    expectTypeOf(supervisor.startProcess('web', false)).toEqualTypeOf<Observable<boolean>>();
    expectTypeOf(client.call('supervisor.startProcess', ['web', false])).toEqualTypeOf<Observable<boolean>>();
    expectTypeOf(supervisor.startAllProcesses()).toEqualTypeOf<Observable<ProcessStatus[]>>();
    expectTypeOf(client.call('supervisor.startAllProcesses', [true])).toEqualTypeOf<
      Observable<ProcessStatus[]>
    >();
    // @ts-expect-error `wait` is a boolean
    supervisor.startProcess('web', 'yes');
    // @ts-expect-error nothing after `wait`
    client.call('supervisor.startProcess', ['web', true, 1]);

    expect(await firstValueFrom(supervisor.startProcess('web'))).toBe(true);
    expect(await firstValueFrom(supervisor.startProcess('web', false))).toBe(false);
    expect(await firstValueFrom(client.call('supervisor.startAllProcesses'))).toEqual([
      { name: 'web', group: 'web', status: SupervisorFaultCode.SUCCESS, description: 'OK' },
    ]);
    expect(sentParams(transport)).toEqual([['web'], ['web', false], []]);
  });

  it('types the outcomes of callsOf<SupervisorApi>() descriptors, position by position', async () => {
    const { client } = supervisorClient();
    const call = callsOf<SupervisorApi>();
    const calls = [call('supervisor.getState'), call('supervisor.getProcessInfo', ['nope'])] as const;
    // @ts-expect-error an unknown name
    call('supervisor.nope');
    const outcomes = await firstValueFrom(client.multicall(calls));
    expectTypeOf(outcomes).toEqualTypeOf<
      [CallOutcome<XmlRpcCall<SupervisorStateInfo>>, CallOutcome<XmlRpcCall<ProcessInfo>>]
    >();
    const [state, info] = outcomes;
    expect(state.ok && state.value.statecode).toBe(1);
    expect(info.ok ? info.value.pid : info.error.message).toContain('BAD_NAME: nope');
  });
});
