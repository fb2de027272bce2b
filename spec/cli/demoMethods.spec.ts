import { describe, expect, it } from 'vitest';
import { createDemoMethods, DEMO_CALLS } from '../../src/cli/demoMethods.js';
import { parseWatchedCall } from '../../src/cli/parseWatchedCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

/** The demo methods behind a real handler, with a clock the test moves. */
function demoServer() {
  let now = START;
  const handler = createXmlRpcHandler(createDemoMethods({ now: () => now }));
  return {
    at(seconds: number) {
      now = START + seconds * 1000;
    },
    async call(methodName: string, params: XmlRpcParam[] = []) {
      return decodeMethodResponse(await handler(encodeMethodCall(methodName, params)));
    },
  };
}

describe('createDemoMethods', () => {
  it('answers getState like supervisord', async () => {
    expect(await demoServer().call('supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
  });

  it('moves the processes through their states over time, with a new pid at each start', async () => {
    const server = demoServer();
    const snapshot = async () =>
      (
        (await server.call('supervisor.getAllProcessInfo')) as {
          name: string;
          statename: string;
          pid: number;
        }[]
      ).map(({ name, statename, pid }) => `${name} ${statename} ${pid}`);
    expect(await snapshot()).toEqual([
      'web RUNNING 4242',
      'worker-1 RUNNING 5100',
      'worker-2 STARTING 0',
      'cron STOPPED 0',
      'flaky STARTING 0',
    ]);
    server.at(26);
    expect(await snapshot()).toEqual([
      'web RUNNING 4242',
      'worker-1 STOPPING 5100',
      'worker-2 RUNNING 5203', // its cycle is 18 s: running again since 20 s
      'cron EXITED 0',
      'flaky FATAL 0',
    ]);
    server.at(40);
    expect(await snapshot()).toEqual([
      'web RUNNING 4242',
      'worker-1 RUNNING 5103',
      'worker-2 RUNNING 5206',
      'cron EXITED 0',
      'flaky FATAL 0',
    ]);
  });

  it('describes a running process with its uptime', async () => {
    const server = demoServer();
    server.at(3723);
    expect(await server.call('supervisor.getProcessInfo', ['web'])).toEqual({
      name: 'web',
      group: 'web',
      statename: 'RUNNING',
      state: 20,
      pid: 4242,
      description: 'pid 4242, uptime 1:02:03',
    });
  });

  it('faults 10 BAD_NAME for an unknown process, and -32602 for a param of the wrong type', async () => {
    const server = demoServer();
    await expect(server.call('supervisor.getProcessInfo', ['nope'])).rejects.toMatchObject({
      faultCode: 10,
      faultString: 'BAD_NAME: nope',
    });
    await expect(server.call('supervisor.getProcessInfo', [1])).rejects.toMatchObject({ faultCode: -32602 });
  });

  it('counts up uptime and counters with the clock', async () => {
    const server = demoServer();
    server.at(90);
    expect(await server.call('demo.getUptime')).toEqual({ seconds: 90, startedAt: new Date(START) });
    expect(await server.call('demo.getCounters')).toEqual({
      jobsProcessed: 657,
      jobsFailed: 10,
      processStarts: 16,
    });
  });

  it('has a method that always faults', async () => {
    await expect(demoServer().call('demo.alwaysFaults')).rejects.toMatchObject({ faultCode: 30 });
  });

  it('lists its methods and their help through introspection', async () => {
    const server = demoServer();
    expect(await server.call('system.listMethods')).toEqual(
      expect.arrayContaining(['supervisor.getAllProcessInfo', 'demo.alwaysFaults']),
    );
    expect(await server.call('system.methodHelp', ['demo.alwaysFaults'])).toBe('Always answers fault 30.');
  });

  it('is watched by the demo through calls that all exist', async () => {
    const server = demoServer();
    const methods = (await server.call('system.listMethods')) as string[];
    for (const call of DEMO_CALLS.map(parseWatchedCall)) expect(methods).toContain(call.methodName);
  });
});
