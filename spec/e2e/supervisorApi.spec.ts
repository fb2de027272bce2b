import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXmlRpcClient, type XmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import {
  type ProcessConfigInfo,
  type ProcessInfo,
  ProcessState,
  type ProcessStatus,
  type SupervisorApi,
  SupervisorFaultCode,
  SupervisorState,
  type SupervisorStateInfo,
} from '../../src/supervisor/index.js';
import { fetchTransport } from '../../src/transport/fetchTransport.js';
import { runInProcess } from '../cli/testIo.js';
import { typeCheckBlocks } from '../readme/typeCheckBlocks.js';
import { type Supervisord, startSupervisord, supervisordMissing } from './helpers/startSupervisord.js';

/*
 * rxjs-xmlrpc/supervisor against a real supervisord: the method map against what its introspection
 * declares, and the structs and codes against what it answers.
 */

/** The members of each struct type, listed so that the compiler refuses a missing or an extra one. */
const PROCESS_INFO = {
  name: true,
  group: true,
  description: true,
  start: true,
  stop: true,
  now: true,
  state: true,
  statename: true,
  spawnerr: true,
  exitstatus: true,
  logfile: true,
  stdout_logfile: true,
  stderr_logfile: true,
  pid: true,
} satisfies Record<keyof ProcessInfo, true>;
const STATE_INFO = { statecode: true, statename: true } satisfies Record<keyof SupervisorStateInfo, true>;
const PROCESS_STATUS = { name: true, group: true, status: true, description: true } satisfies Record<
  keyof ProcessStatus,
  true
>;
const CONFIG_INFO = {
  name: true,
  group: true,
  inuse: true,
  command: true,
  autostart: true,
  directory: true,
  uid: true,
  exitcodes: true,
  group_prio: true,
  process_prio: true,
  killasgroup: true,
  redirect_stderr: true,
  startretries: true,
  startsecs: true,
  stopsignal: true,
  stopwaitsecs: true,
  serverurl: true,
  stdout_logfile: true,
  stdout_logfile_backups: true,
  stdout_logfile_maxbytes: true,
  stdout_capture_maxbytes: true,
  stdout_events_enabled: true,
  stdout_syslog: true,
  stderr_logfile: true,
  stderr_logfile_backups: true,
  stderr_logfile_maxbytes: true,
  stderr_capture_maxbytes: true,
  stderr_events_enabled: true,
  stderr_syslog: true,
} satisfies Record<keyof ProcessConfigInfo, true>;

const members = (struct: object): string[] => Object.keys(struct).sort();

/**
 * Code that compiles only when `Api` (generated from the server) and `SupervisorApi` name the same
 * methods, each with the same kinds of params (optional ones given) and result; an error names the
 * methods that differ.
 */
const AGREEMENT = `
import type { SupervisorApi } from 'rxjs-xmlrpc/supervisor';
type Shape<T> = T extends string ? 'string' : T extends number ? 'number' : T extends boolean ? 'boolean'
  : T extends readonly unknown[] ? 'array' : T extends object ? 'struct' : 'other';
type Shapes<T extends readonly unknown[]> = { [I in keyof T]: Shape<T[I]> };
type Ours<K extends keyof SupervisorApi> = [Shapes<Required<Parameters<SupervisorApi[K]>>>, Shape<ReturnType<SupervisorApi[K]>>];
type Theirs<K extends keyof Api> = [Shapes<Parameters<Api[K]>>, Shape<ReturnType<Api[K]>>];
type Common = keyof Api & keyof SupervisorApi;
type Differing = { [K in Common]: Ours<K> extends Theirs<K> ? (Theirs<K> extends Ours<K> ? never : K) : K }[Common];
type Unlisted = Exclude<keyof SupervisorApi, keyof Api>;
type Undeclared = Exclude<keyof Api, keyof SupervisorApi>;
export const agree: [Differing | Unlisted | Undeclared] extends [never] ? true
  : { differing: Differing; unlisted: Unlisted; undeclared: Undeclared } = true;
`;

const missing = supervisordMissing();

describe.skipIf(missing !== undefined)(
  `rxjs-xmlrpc/supervisor against supervisord${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let supervisord: Supervisord;
    let client: XmlRpcClient<SupervisorApi>;

    beforeAll(async () => {
      supervisord = await startSupervisord();
      const transport = fetchTransport(supervisord.url, { auth: supervisord.credentials, timeoutMs: 20_000 });
      client = createXmlRpcClient<SupervisorApi>({ transport, multicallResults: 'bare' });
    });
    afterAll(() => supervisord?.dispose());

    it('declares every method it lists, as its system.methodSignature has them, and nothing else', async () => {
      const { username, password } = supervisord.credentials;
      const env = { XMLRPC_AUTH: `${username}:${password}` };
      const {
        status,
        stdout: api,
        stderr,
      } = await runInProcess(['types', supervisord.url, '--bare'], { env });
      expect([status, stderr]).toEqual([
        0,
        'hint: this is supervisord: SupervisorApi from rxjs-xmlrpc/supervisor types its structs too ' +
          '(createXmlRpcClient<SupervisorApi>)\n',
      ]);
      const check = (module: string) =>
        typeCheckBlocks([{ language: 'ts', line: 1, code: `${module}\n${AGREEMENT}` }], 'agreement.ts');
      expect(check(api)).toEqual([]);
      // The check can fail: a result of another kind, a method more or less.
      const changed = api.replace("'supervisor.getPID'(): number;", "'supervisor.getPID'(): string;");
      expect(check(changed)).toEqual([expect.stringContaining('differing: "supervisor.getPID"')]);
      const renamed = api.replace("'supervisor.getPID'", "'supervisor.getPid'");
      expect(check(renamed)).toEqual([
        expect.stringMatching(/unlisted: "supervisor.getPID"; undeclared: "supervisor.getPid"/),
      ]);
    }, 60_000);

    it('answers the structs ProcessInfo and SupervisorStateInfo describe, with the codes of ProcessState and SupervisorState', async () => {
      const { supervisor } = client.methods;
      const state = await lastValueFrom(supervisor.getState());
      expect(members(state)).toEqual(members(STATE_INFO));
      expect(state).toEqual({ statecode: SupervisorState.RUNNING, statename: 'RUNNING' });
      const processes = await lastValueFrom(client.call('supervisor.getAllProcessInfo'));
      expect(processes.map((info) => info.name)).toEqual(supervisord.programs);
      for (const info of processes) {
        expect(members(info)).toEqual(members(PROCESS_INFO));
        expect([info.state, info.statename]).toEqual([ProcessState.RUNNING, 'RUNNING']);
      }
      expect(await lastValueFrom(supervisor.getProcessInfo('alpha'))).toMatchObject({
        name: 'alpha',
        group: 'alpha',
      });
      expect(await lastValueFrom(supervisor.getAPIVersion())).toBe('3.0');
      const tail = await lastValueFrom(supervisor.tailProcessStdoutLog('alpha', 0, 100));
      expect(tail.map((value) => typeof value)).toEqual(['string', 'number', 'boolean']);
      for (const config of await lastValueFrom(supervisor.getAllConfigInfo())) {
        expect(members(config)).toEqual(members(CONFIG_INFO));
      }
    });

    it('stops and starts processes with the codes and statuses it declares, `wait` given or not', async () => {
      const { supervisor } = client.methods;
      expect(await lastValueFrom(supervisor.stopProcess('alpha'))).toBe(true);
      expect(await lastValueFrom(client.call('supervisor.getProcessInfo', ['alpha']))).toMatchObject({
        state: ProcessState.STOPPED,
        statename: 'STOPPED',
      });
      const started = await lastValueFrom(supervisor.startAllProcesses(true));
      expect(started).toEqual([
        { name: 'alpha', group: 'alpha', status: SupervisorFaultCode.SUCCESS, description: 'OK' },
      ]);
      expect(members(started[0]!)).toEqual(members(PROCESS_STATUS));
      const stopping = lastValueFrom(supervisor.stopProcess('nope', false));
      await expect(stopping).rejects.toBeInstanceOf(XmlRpcFault);
      await expect(stopping).rejects.toMatchObject({ faultCode: SupervisorFaultCode.BAD_NAME });
    });
  },
);
